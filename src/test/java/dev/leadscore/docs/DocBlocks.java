package dev.leadscore.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code ```bash} blocks of README.md and docs/*.md, in reading order. A block right after an
 * HTML comment {@code <!-- not-run: reason -->} is marked to be skipped (for commands that need
 * systems outside the service, such as a CRM or a second machine).
 */
record DocBlocks(List<Block> blocks) {
    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not-run:\\s*(.*?)\\s*-->");

    record Block(Path file, int line, String text, String notRunReason) {
        boolean runs() {
            return notRunReason == null;
        }

        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** README.md first (its walk-through sets the keys the other pages use), then docs/*.md by name. */
    static DocBlocks of(Path projectDir) {
        List<Path> files = new ArrayList<>();
        files.add(projectDir.resolve("README.md"));
        try (Stream<Path> docs = Files.list(projectDir.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path file : files) {
            blocks.addAll(read(projectDir.relativize(file), lines(file)));
        }
        return new DocBlocks(blocks);
    }

    static List<Block> read(Path file, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String lastText = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                boolean bash = line.strip().equals("```bash") || line.strip().equals("```sh");
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                    end++;
                }
                if (bash) {
                    Matcher notRun = NOT_RUN.matcher(lastText);
                    blocks.add(new Block(file, start, String.join("\n", lines.subList(start, end)),
                            notRun.find() ? notRun.group(1) : null));
                }
                i = end;
                lastText = "";
            } else if (!line.isBlank()) {
                lastText = line;
            }
        }
        return blocks;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project folder: where the tests run (Maven runs them in the module folder). */
    static Path projectDir() {
        return Path.of("").toAbsolutePath();
    }
}
