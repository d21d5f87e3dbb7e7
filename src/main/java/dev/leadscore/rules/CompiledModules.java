package dev.leadscore.rules;

import java.util.Optional;

/**
 * Where compiled KIE modules are kept between starts, by the key of the DRL they were compiled
 * from. What comes back is not trusted: {@link RulesetBuilder} checks it as it checks a fresh build.
 */
public interface CompiledModules {

    /** A kept module: the jar the rule compiler wrote, and the fingerprint of the product classes it calls. */
    record Kept(byte[] module, String productFingerprint) {
    }

    /** The module kept for the key, its bytes matching the digest stored with them; empty when none. */
    Optional<Kept> find(String key);

    void keep(String key, Kept module);

    /** Drops a module that was refused, so the next build compiles and keeps a good one. */
    void forget(String key);

    /** Nothing kept: every start compiles (the backtest command, tests of the builder alone). */
    CompiledModules NONE = new CompiledModules() {
        @Override
        public Optional<Kept> find(String key) {
            return Optional.empty();
        }

        @Override
        public void keep(String key, Kept module) {
        }

        @Override
        public void forget(String key) {
        }
    };
}
