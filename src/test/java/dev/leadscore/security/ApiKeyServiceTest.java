package dev.leadscore.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeyServiceTest {

    static SecurityConfig config(String adminKey) {
        return new SecurityConfig() {
            @Override
            public Optional<String> adminApiKey() {
                return Optional.ofNullable(adminKey);
            }

            @Override
            public Duration keyCacheTtl() {
                return Duration.ofSeconds(30);
            }

            @Override
            public RateLimit rateLimit() {
                return null;
            }
        };
    }

    @Test
    void aShortAdminKeyStopsTheStart() {
        assertThatThrownBy(() -> new ApiKeyService(config("secret"))).hasMessageContaining("at least 32");
    }

    @Test
    void theConfiguredAdminKeyIsRecognisedExactly() {
        String admin = "a".repeat(40);
        ApiKeyService keys = new ApiKeyService(config(admin));
        assertThat(keys.recognise(admin)).contains(ApiKeyService.CONFIGURED_ADMIN);
        assertThat(ApiKeyService.CONFIGURED_ADMIN.role()).isEqualTo(Roles.ADMIN);
        assertThat(keys.recognise("")).isEmpty();
        assertThat(keys.recognise("x".repeat(500))).isEmpty();
    }
}
