package dev.leadscore.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.leadscore.api.ProblemException;
import dev.leadscore.db.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/**
 * {@code keys create --role R --name N [--source S] [--rate-limit PER_MINUTE]}, {@code keys list},
 * {@code keys revoke ID}: manages API keys against the configured database without the HTTP API.
 */
public class KeysCommand implements QuarkusApplication {
    private static final String RUNNING = "leadscore.keys-command";
    static final String USAGE = """
            usage: keys create --role integration|marketing-ops|rules-developer|revops|admin --name NAME [--source SOURCE] [--rate-limit PER_MINUTE]
                   keys list
                   keys revoke ID""";

    @Inject
    ApiKeyService keys;
    @Inject
    Validator validator;

    /** True when the command line asks for this command. */
    public static boolean handles(String... args) {
        return args.length > 0 && "keys".equals(args[0]);
    }

    /** Runs the command in a quiet application with no HTTP port of its own, then exits. */
    public static void launch(String... args) {
        System.setProperty(RUNNING, "true");
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.banner.enabled", "false");
        System.setProperty("quarkus.log.level", "WARN");
        EmbeddedDatabase.startUnlessConfigured();
        Quarkus.run(KeysCommand.class, (code, failure) -> {
            if (failure != null) {
                failure.printStackTrace();
            }
            System.exit(code);
        }, args);
    }

    static boolean running() {
        return Boolean.getBoolean(RUNNING);
    }

    @Override
    public int run(String... args) {
        List<String> a = List.of(args).subList(1, args.length);
        try {
            String verb = a.isEmpty() ? "" : a.get(0);
            switch (verb) {
                case "create" -> {
                    Map<String, String> options = options(a.subList(1, a.size()));
                    NewApiKey request = new NewApiKey(options.get("--name"), options.get("--role"), options.get("--source"),
                            options.containsKey("--rate-limit") ? Long.valueOf(options.get("--rate-limit")) : null);
                    for (ConstraintViolation<NewApiKey> v : validator.validate(request)) {
                        System.err.println(v.getPropertyPath() + ": " + v.getMessage());
                        return 2;
                    }
                    ApiKeyView key = keys.create(request);
                    System.out.printf("Created key %d (%s, role %s%s). Store it now, it is not shown again:%n%s%n",
                            key.id(), key.name(), key.role(), key.source() == null ? "" : ", source " + key.source(), key.key());
                }
                case "list" -> keys.list().forEach(k -> System.out.printf("%d\t%s\t%s\t%s\t%s…\t%s%n", k.id(), k.name(), k.role(),
                        k.source() == null ? "-" : k.source(), k.keyPrefix(), k.revokedAt() == null ? "active" : "revoked " + k.revokedAt()));
                case "revoke" -> {
                    if (a.size() != 2) {
                        System.err.println(USAGE);
                        return 2;
                    }
                    ApiKeyView key = keys.revoke(Long.parseLong(a.get(1)));
                    System.out.printf("Revoked key %d (%s)%n", key.id(), key.name());
                }
                default -> {
                    System.err.println(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (ProblemException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
    }

    private static Map<String, String> options(List<String> a) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < a.size(); i += 2) {
            if (!a.get(i).startsWith("--") || i + 1 >= a.size()) {
                throw new IllegalArgumentException("expected --option value, got '" + a.get(i) + "'");
            }
            options.put(a.get(i), a.get(i + 1));
        }
        return options;
    }
}
