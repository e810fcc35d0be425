package dev.cairn.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face Hub's public API, as documented for its clients: a text search for GGUF models
 * ({@code GET /api/models?search=...&filter=gguf}), a repository's files with sizes and LFS SHA-256s
 * ({@code GET /api/models/{repo}/tree/main?recursive=true}, paged by {@code Link: <...>; rel="next"}), and
 * a file's download URL ({@code /{repo}/resolve/main/{path}}).
 */
public final class HubClient implements AutoCloseable {

    /** The branch files are taken from. */
    public static final String REVISION = "main";
    private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubHttp http;

    HubClient(HubHttp http) {
        this.http = http;
    }

    /** A client of {@code hub}, sending {@code token} to it alone, through the proxies {@code environment} names. */
    public static HubClient open(URI hub, Optional<AccessToken> token, Map<String, String> environment) {
        return new HubClient(new HubHttp(hub, token, EnvironmentProxy.of(environment)));
    }

    HubHttp http() {
        return http;
    }

    public URI hub() {
        return http.hub();
    }

    /** GGUF repositories matching {@code text}, most downloaded first. */
    public List<HubModel> search(String text, int limit) throws DownloadException {
        URI uri = URI.create(http.hub() + "/api/models?search=" + Urls.encode(text.strip())
                + "&filter=gguf&sort=downloads&direction=-1&limit=" + limit
                + "&expand=downloads&expand=likes&expand=lastModified&expand=gated");
        List<HubModel> found = new ArrayList<>();
        for (JsonNode node : http.json(uri, "search for '" + text.strip() + "'")) {
            found.add(HubModel.of(node));
        }
        return found;
    }

    /** Every file of {@code repo}, with sizes and, for LFS files, SHA-256s. */
    public List<RemoteFile> files(String repo) throws DownloadException {
        URI page = URI.create(http.hub() + "/api/models/" + repo + "/tree/" + REVISION + "?recursive=true");
        List<RemoteFile> files = new ArrayList<>();
        while (page != null) {
            HubHttp.Exchange<InputStream> answer = http.send(page, Map.of("Accept", "application/json"),
                    status -> status == 200, repo, new StopSignal());
            JsonNode entries;
            try (InputStream body = answer.response().body()) {
                entries = JSON.readTree(body);
            } catch (IOException e) {
                throw new DownloadException(DownloadException.Kind.NETWORK, repo + ": the file list could not be read ("
                        + e.getMessage() + ")", e);
            }
            for (JsonNode entry : entries) {
                if (entry.path("type").asText().equals("file")) {
                    String path = entry.path("path").asText();
                    String sha = entry.path("lfs").path("oid").asText("");
                    files.add(new RemoteFile(Optional.of(repo), path, fileUrl(repo, path), entry.path("size").asLong(-1),
                            Sha256.parse(sha)));
                }
            }
            page = answer.response().headers().firstValue("Link").map(HubClient::nextPage).orElse(null);
        }
        return files;
    }

    /** The GGUF models of {@code repo}, split files grouped. */
    public List<RemoteModel> models(String repo) throws DownloadException {
        return RemoteModel.group(files(repo));
    }

    /** Where the hub serves {@code path} of {@code repo}. */
    public URI fileUrl(String repo, String path) {
        return URI.create(http.hub() + "/" + repo + "/resolve/" + REVISION + "/" + Urls.encodePath(path));
    }

    /** The model {@code source} names: the URL's file, or the one model of a repository that the pick (or the repository) leaves. */
    public RemoteModel resolve(Source source) throws DownloadException {
        return switch (source) {
            case Source.Url url -> {
                String name = Urls.fileName(url.uri());
                yield new RemoteModel(name, Quantization.fromFileName(name), List.of(probe(url.uri(), name)));
            }
            case Source.Repository repo -> pick(repo, models(repo.id()));
        };
    }

    /**
     * A URL's file with its size (and its SHA-256 where a hub's redirect names it), learnt from asking for
     * its first byte: the fit check needs the size before the download starts.
     */
    private RemoteFile probe(URI url, String name) throws DownloadException {
        HubHttp.Exchange<InputStream> answer = http.send(url, Map.of("Range", "bytes=0-0", "Accept-Encoding", "identity"),
                status -> status == 200 || status == 206, name, new StopSignal());
        try {
            answer.response().body().close();
        } catch (IOException ignored) {
            // only the headers were wanted
        }
        HttpHeaders headers = answer.response().headers();
        long size = answer.response().statusCode() == 206
                ? ContentRange.of(headers).map(ContentRange::total).orElse(-1L)
                : headers.firstValueAsLong("Content-Length").orElse(-1);
        return new RemoteFile(Optional.empty(), name, url, size >= 0 ? size : answer.linkedSize().orElse(-1), answer.linkedSha256());
    }

    /** The one model of {@code models} that {@code repo}'s pick names, by file name or quantization. */
    public static RemoteModel pick(Source.Repository repo, List<RemoteModel> models) throws DownloadException {
        if (models.isEmpty()) {
            throw new DownloadException(DownloadException.Kind.NOT_FOUND, repo.id() + " has no GGUF files");
        }
        List<RemoteModel> matching = repo.pick().map(p -> models.stream().filter(m -> matches(m, p)).toList()).orElse(models);
        if (matching.size() == 1) {
            return matching.getFirst();
        }
        String choices = String.join(", ", models.stream().map(m -> repo.id() + ":" + m.name()).toList());
        throw new DownloadException(matching.isEmpty() ? DownloadException.Kind.NOT_FOUND : DownloadException.Kind.REQUEST,
                (matching.isEmpty() ? repo.id() + " has no GGUF file '" + repo.pick().orElseThrow() + "'"
                        : repo.id() + " has " + matching.size() + " GGUF models") + "; choose one: " + choices);
    }

    private static boolean matches(RemoteModel model, String pick) {
        String p = pick.toUpperCase(Locale.ROOT);
        return model.name().equalsIgnoreCase(pick) || model.parts().getFirst().fileName().equalsIgnoreCase(pick)
                || model.quantization().map(q -> q.label().equals(p)).orElse(false);
    }

    static URI nextPage(String link) {
        Matcher next = NEXT_PAGE.matcher(link);
        return next.find() ? URI.create(next.group(1)) : null;
    }

    @Override
    public void close() {
        http.close();
    }
}
