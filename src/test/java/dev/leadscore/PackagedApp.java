package dev.leadscore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the integration tests start the packaged application (target/quarkus-app) themselves. */
public final class PackagedApp {
    private PackagedApp() {
    }

    /**
     * {@code java}, the JVM options the build gives every packaged process an integration test
     * starts (pom.xml: {@code it.service.jvm.args}), then {@code options}, then {@code -jar} and the
     * application's jar; the caller adds the application's own arguments.
     */
    public static List<String> command(String... options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty("it.service.jvm.args", "").split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of(options));
        command.add("-jar");
        command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString());
        return command;
    }
}
