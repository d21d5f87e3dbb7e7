package dev.leadscore.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;

/** Checks the signatures senders put on their webhook requests, in constant time. */
final class WebhookSignatures {
    private WebhookSignatures() {
    }

    static byte[] hmac(String algorithm, String secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.trim().getBytes(StandardCharsets.UTF_8));
    }

    static ProblemException unauthorized(String detail) {
        return new ProblemException(new Problem("/problems/bad-signature", "Unauthorized", 401, detail, null));
    }
}
