package dev.cairn.download;

/**
 * A Hugging Face access token. It reaches the network only as the {@code Authorization} header of requests
 * to the hub itself; {@link #toString()} never shows it, so no message or log line can carry it by accident.
 */
public record AccessToken(String secret) {

    public AccessToken {
        secret = secret.strip();
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("an access token cannot be empty");
        }
    }

    String authorization() {
        return "Bearer " + secret;
    }

    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}
