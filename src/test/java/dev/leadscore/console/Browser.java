package dev.leadscore.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * One headless Chromium for the browser tests: Debian's {@code /usr/bin/chromium} (installed by
 * .ci/run when missing), never a browser Playwright would download.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Paths.get(System.getProperty("leadscore.chromium", "/usr/bin/chromium"));
    /** Screenshots for docs/console.md. */
    static final Path SCREENSHOTS = Paths.get("docs", "console");

    final Playwright playwright;
    final com.microsoft.playwright.Browser chromium;

    Browser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (apt-get install -y chromium)");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
