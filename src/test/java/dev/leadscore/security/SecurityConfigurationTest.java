package dev.leadscore.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Guards the configuration choices docs/security.md relies on. */
class SecurityConfigurationTest {

    @Test
    void authorizationIsByAnnotationsOnlyWithoutPathPermissions() throws IOException {
        // path-based permissions are exposed to the path-normalization bypass fixed in Quarkus 3.33.3.3
        String config = Files.readString(Path.of("src/main/resources/application.properties"));
        assertThat(config).doesNotContain("quarkus.http.auth.permission").doesNotContain("quarkus.http.auth.policy");
        assertThat(config).contains("quarkus.security.jaxrs.deny-unannotated-endpoints=true");
    }
}
