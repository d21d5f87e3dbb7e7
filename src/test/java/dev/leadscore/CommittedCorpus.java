package dev.leadscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The inputs a fuzz target keeps in the test resources ({@code <Test>Inputs/<method>/}: the
 * seeds and whatever fuzzing found), as arguments (file name, bytes) for a plain parameterized
 * test. The normal run replays them this way rather than through the fuzzer, whose agent
 * instruments every class loaded afterwards in the same JVM (the rule compiler included).
 */
public final class CommittedCorpus {

    private CommittedCorpus() {
    }

    public static Stream<Arguments> of(Class<?> test, String method) {
        try {
            Path dir = Path.of(test.getResource(test.getSimpleName() + "Inputs/" + method).toURI());
            List<Arguments> inputs = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.sorted().toList()) {
                    inputs.add(Arguments.of(p.getFileName().toString(), Files.readAllBytes(p)));
                }
            }
            assertThat(inputs).as("committed corpus of " + test.getSimpleName()).hasSizeGreaterThan(5);
            return inputs.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
