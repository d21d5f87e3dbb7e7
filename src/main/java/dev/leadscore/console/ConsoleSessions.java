package dev.leadscore.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.leadscore.security.ApiKeyHolder;
import dev.leadscore.security.ApiKeyService;
import dev.leadscore.security.Roles;
import io.quarkus.scheduler.Scheduled;

/**
 * Signs people in to the console with an API key and keeps their sessions in the database, so
 * every instance knows them and a restart does not sign anyone out. The cookie is 32 random
 * bytes; only its SHA-256 is stored. A session ends at its lifetime, after its idle timeout, at
 * sign-out, or as soon as the API key it was opened with is revoked.
 */
@ApplicationScoped
@Transactional
public class ConsoleSessions {
    /** Last-seen is written at most this often, not on every page. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final String CONFIGURED_KEY = "config";

    private final SecureRandom random = new SecureRandom();

    @Inject
    ApiKeyService keys;
    @Inject
    ConsoleConfig config;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;

    /** A person signed in: the session cookie to set and the session's CSRF token. */
    public record Started(String cookie, SignedIn who) {
    }

    /** The person behind a session. */
    public record SignedIn(String keyId, String name, String role, String csrfToken) {
    }

    /** Why a key did not open a session. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    public Started signIn(String apiKey) throws Refused {
        String key = apiKey == null ? "" : apiKey.strip();
        if (key.isEmpty()) {
            throw new Refused("Paste an API key to sign in.");
        }
        ApiKeyHolder holder = keys.recognise(key).orElseThrow(() -> new Refused("That API key is unknown or revoked."));
        if (Roles.INTEGRATION.equals(holder.role())) {
            throw new Refused("Integration keys are for CRM and CDP systems; they cannot sign in to the console.");
        }
        String cookie = randomToken();
        Instant now = clock.instant();
        ConsoleSession s = new ConsoleSession();
        s.tokenHash = sha256(cookie);
        s.keyId = holder.keyId();
        s.name = holder.name();
        s.role = holder.role();
        s.csrfToken = randomToken();
        s.createdAt = now;
        s.lastSeenAt = now;
        s.expiresAt = now.plus(config.sessionLifetime());
        s.persist();
        return new Started(cookie, new SignedIn(s.keyId, s.name, s.role, s.csrfToken));
    }

    /** The live session of a cookie, if any. */
    public Optional<SignedIn> find(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 100) {
            return Optional.empty();
        }
        ConsoleSession s = ConsoleSession.findById(sha256(cookie));
        Instant now = clock.instant();
        if (s == null || !now.isBefore(s.expiresAt) || !now.isBefore(s.lastSeenAt.plus(config.idleTimeout()))
                || !keyStillValid(s.keyId)) {
            return Optional.empty();
        }
        if (Duration.between(s.lastSeenAt, now).compareTo(TOUCH_EVERY) > 0) {
            s.lastSeenAt = now;
        }
        return Optional.of(new SignedIn(s.keyId, s.name, s.role, s.csrfToken));
    }

    public void signOut(String cookie) {
        if (cookie != null && !cookie.isEmpty() && cookie.length() <= 100) {
            ConsoleSession.deleteById(sha256(cookie));
        }
    }

    private boolean keyStillValid(String keyId) {
        if (CONFIGURED_KEY.equals(keyId)) {
            return keys.anyAdminKey();
        }
        long id;
        try {
            id = Long.parseLong(keyId);
        } catch (NumberFormatException e) {
            return false;
        }
        return ((Number) em.createNativeQuery("select count(*) from api_key where id = ?1 and revoked_at is null")
                .setParameter(1, id).getSingleResult()).longValue() > 0;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = dev.leadscore.startup.StartupGate.Closed.class)
    void purgeEnded() {
        Instant now = clock.instant();
        ConsoleSession.delete("expiresAt < ?1 or lastSeenAt < ?2", now, now.minus(config.idleTimeout()));
    }

    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
