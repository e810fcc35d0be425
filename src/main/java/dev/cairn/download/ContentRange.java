package dev.cairn.download;

import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Content-Range} of a partial answer (206): {@code bytes START-END/TOTAL}.
 *
 * @param total the whole file's bytes, -1 when the server says {@code *}
 */
record ContentRange(long start, long end, long total) {

    private static final Pattern FORMAT = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    static Optional<ContentRange> of(HttpHeaders headers) {
        Matcher m = FORMAT.matcher(headers.firstValue("Content-Range").orElse(""));
        return m.matches() ? Optional.of(new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3)))) : Optional.empty();
    }
}
