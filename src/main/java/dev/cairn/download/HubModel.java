package dev.cairn.download;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A repository found by a search, as the Hub's {@code /api/models} lists it.
 *
 * @param gated whether its files need an accepted licence and a token ({@code "auto"} or {@code "manual"})
 */
public record HubModel(String id, long downloads, long likes, Optional<Instant> lastModified, boolean gated) {

    static HubModel of(JsonNode node) {
        String modified = node.path("lastModified").asText("");
        Optional<Instant> when;
        try {
            when = modified.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(modified));
        } catch (DateTimeParseException e) {
            when = Optional.empty();
        }
        JsonNode gated = node.path("gated");
        return new HubModel(node.path("id").asText(), node.path("downloads").asLong(), node.path("likes").asLong(), when,
                gated.isTextual() || gated.asBoolean(false));
    }
}
