package dev.leadscore.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web console: how long a person stays signed in, and how long pages are. */
@ConfigMapping(prefix = "leadscore.console")
public interface ConsoleConfig {
    /** A session ends this long after sign-in, however active the person was. */
    @WithDefault("8H")
    Duration sessionLifetime();

    /** A session ends when it was not used for this long. */
    @WithDefault("1H")
    Duration idleTimeout();

    /** Rows of a paged table. */
    @WithDefault("25")
    int pageSize();
}
