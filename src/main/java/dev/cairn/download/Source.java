package dev.cairn.download;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the user asked to download: a Hub repository ({@code owner/name}), one of its models
 * ({@code owner/name:file.gguf}, or {@code owner/name:Q4_K_M} naming the quantization, as llama.cpp's
 * {@code -hf} takes it), or a plain http(s) URL.
 */
public sealed interface Source {

    /** Hub repository ids: owner and name of letters, digits, {@code -_.}. */
    Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

    /** A repository, with the file or quantization to take from it when one was named. */
    record Repository(String id, Optional<String> pick) implements Source {
        public Repository {
            if (!REPOSITORY.matcher(id).matches() || id.contains("..")) {
                throw new IllegalArgumentException("not a repository id (owner/name): '" + id + "'");
            }
            pick = pick.map(String::strip).filter(p -> !p.isEmpty());
        }

        public String owner() {
            return id.substring(0, id.indexOf('/'));
        }

        public String name() {
            return id.substring(id.indexOf('/') + 1);
        }
    }

    /** A file anywhere on the web. */
    record Url(URI uri) implements Source {
    }

    static Source parse(String text) {
        String s = text.strip();
        if (s.startsWith("http://") || s.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: '" + s + "'");
            }
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().endsWith("/")) {
                throw new IllegalArgumentException("a URL must name a file: '" + s + "'");
            }
            return new Url(uri);
        }
        int colon = s.indexOf(':');
        return colon < 0 ? new Repository(s, Optional.empty())
                : new Repository(s.substring(0, colon), Optional.of(s.substring(colon + 1)));
    }
}
