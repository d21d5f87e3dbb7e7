package dev.leadscore.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.leadscore.api.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates, lists, revokes and recognises API keys. A key is 32 random bytes shown once; only
 * its SHA-256 is stored, so a copy of the database does not hold usable keys.
 */
@ApplicationScoped
public class ApiKeyService {
    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    static final String KEY_PREFIX = "lsk_";
    static final int MIN_CONFIGURED_KEY_LENGTH = 32;
    /** The identity of the key given by configuration (ADMIN_API_KEY). */
    static final ApiKeyHolder CONFIGURED_ADMIN = new ApiKeyHolder("config", "ADMIN_API_KEY", Roles.ADMIN, null, null);

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Optional<ApiKeyHolder>> byHash;
    private final SecurityConfig config;
    private final byte[] configuredAdminHash;

    @Inject
    Clock clock;

    @Inject
    ApiKeyService(SecurityConfig config) {
        this.config = config;
        this.byHash = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.keyCacheTtl()).build();
        String admin = config.adminApiKey().filter(k -> !k.isBlank()).orElse(null);
        if (admin != null && admin.length() < MIN_CONFIGURED_KEY_LENGTH) {
            throw new IllegalStateException("ADMIN_API_KEY must be at least " + MIN_CONFIGURED_KEY_LENGTH
                    + " characters of random text, e.g. the output of: openssl rand -hex 32");
        }
        this.configuredAdminHash = admin == null ? null : sha256(admin);
    }

    /** Who holds the key, or empty when it is unknown or revoked. */
    public Optional<ApiKeyHolder> recognise(String presented) {
        Optional<ApiKeyHolder> known = recogniseWithoutLoading(presented);
        return known != null ? known : byHash.get(HexFormat.of().formatHex(sha256(presented)), this::load);
    }

    /**
     * Who holds the key when that is known without reading the database (the configured key, a
     * key looked up within {@code leadscore.security.key-cache-ttl}, or text that cannot be a key),
     * so that authentication needs no worker thread; null when the key must be read.
     */
    Optional<ApiKeyHolder> recogniseWithoutLoading(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        if (configuredAdminHash != null && MessageDigest.isEqual(hash, configuredAdminHash)) {
            return Optional.of(CONFIGURED_ADMIN);
        }
        return byHash.getIfPresent(HexFormat.of().formatHex(hash));
    }

    @Transactional
    Optional<ApiKeyHolder> load(String hash) {
        return ApiKeyRecord.<ApiKeyRecord>find("keyHash = ?1 and revokedAt is null", hash).firstResultOptional()
                .map(ApiKeyHolder::of);
    }

    @Transactional
    public ApiKeyView create(NewApiKey request) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKeyRecord r = new ApiKeyRecord();
        r.name = request.name();
        r.role = request.role();
        r.source = request.source();
        r.rateLimitPerMinute = request.rateLimitPerMinute();
        r.keyHash = HexFormat.of().formatHex(sha256(key));
        r.keyPrefix = key.substring(0, 10);
        r.createdAt = clock.instant();
        r.persist();
        ApiKeyView v = r.view();
        return new ApiKeyView(v.id(), v.name(), v.role(), v.source(), v.keyPrefix(), v.rateLimitPerMinute(),
                v.createdAt(), null, key);
    }

    @Transactional
    public List<ApiKeyView> list() {
        return ApiKeyRecord.<ApiKeyRecord>listAll(Sort.ascending("id")).stream().map(ApiKeyRecord::view).toList();
    }

    /** Revokes a key; on this instance at once, on others within the key cache time. */
    @Transactional
    public ApiKeyView revoke(long id) {
        ApiKeyRecord r = ApiKeyRecord.findById(id);
        if (r == null) {
            throw ProblemException.notFound("Unknown API key " + id);
        }
        if (r.revokedAt == null) {
            r.revokedAt = clock.instant();
        }
        byHash.invalidate(r.keyHash);
        return r.view();
    }

    @Transactional
    public boolean anyAdminKey() {
        return configuredAdminHash != null || ApiKeyRecord.count("role = ?1 and revokedAt is null", Roles.ADMIN) > 0;
    }

    void explainFirstKey(@Observes StartupEvent event) {
        if (!KeysCommand.running() && !anyAdminKey()) {
            LOG.warn("""
                    No admin API key exists yet; every /api request needs one in the X-API-Key header. Either
                      - start with ADMIN_API_KEY set to a random secret of 32+ characters (e.g. `openssl rand -hex 32`), or
                      - stop the service and run: java -jar target/quarkus-app/quarkus-run.jar keys create --role admin --name ops
                    then create the other keys with POST /api/admin/keys (see docs/security.md).""");
        }
    }

    /** One digest per thread: looking the algorithm up costs more than hashing a key. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static byte[] sha256(String text) {
        // digest() resets it for the next use
        return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
