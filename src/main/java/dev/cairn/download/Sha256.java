package dev.cairn.download;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** SHA-256 digests as hex text, the form servers publish them in. */
final class Sha256 {

    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lower case; anything that is not 64 hex digits is refused. */
    static String normalize(String hex) {
        return parse(hex).orElseThrow(() -> new IllegalArgumentException("not a SHA-256 (64 hex digits): '" + hex + "'"));
    }

    /**
     * The SHA-256 in an entity tag such as Hugging Face's {@code X-Linked-Etag: "9f86d0..."}; empty for
     * other tags (a small file's tag is its git object id, 40 digits; a weak tag {@code W/...} names no content).
     */
    static Optional<String> parse(String tag) {
        String s = tag.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        return s.matches("[0-9a-f]{64}") ? Optional.of(s) : Optional.empty();
    }
}
