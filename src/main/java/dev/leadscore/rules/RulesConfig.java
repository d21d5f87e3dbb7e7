package dev.leadscore.rules;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "leadscore.rules")
public interface RulesConfig {
    /** Folder with one sub-folder per model. */
    @WithDefault("rules")
    String dir();

    /** The model a lead is scored with when none is given; the service does not start without it. */
    @WithDefault("sales-led")
    String defaultModel();

    /**
     * Compiled rules are kept in the database, so a restart loads them (after checking them as a
     * fresh build is checked) instead of compiling them again; false compiles at every start.
     */
    @WithDefault("true")
    boolean keepCompiled();

    /**
     * How often an instance checks the live versions in the database, besides hearing of changes
     * by notification (and looks for re-scoring jobs a stopped instance left).
     */
    @WithDefault("5s")
    Duration syncInterval();
}
