package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.HubTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Hub's search and repository listing, parsed from Hub-shaped answers of a server on loopback. */
class HubClientTest {

    static final String REPO = "bartowski/Llama-3.2-1B-Instruct-GGUF";

    HubTestServer hub;
    HubClient client;

    @BeforeEach
    void start() throws Exception {
        hub = HubTestServer.start();
        client = new HubClient(new HubHttp(hub.uri(), Optional.empty(), HttpClient.Builder.NO_PROXY));
    }

    @AfterEach
    void stop() {
        client.close();
        hub.close();
    }

    @Test
    void searchAsksForGgufModelsMostDownloadedFirstAndReadsTheAnswer() throws Exception {
        hub.searchResult(REPO, 152_003, 120, "2024-09-26T12:01:02.000Z", false);
        hub.searchResult("meta-llama/Llama-3.2-1B-Instruct-GGUF", 9_001, 43, "2024-10-01T08:00:00.000Z", "manual");
        List<HubModel> found = client.search("llama 3.2", 20);
        assertEquals(List.of(
                new HubModel(REPO, 152_003, 120, Optional.of(Instant.parse("2024-09-26T12:01:02Z")), false),
                new HubModel("meta-llama/Llama-3.2-1B-Instruct-GGUF", 9_001, 43, Optional.of(Instant.parse("2024-10-01T08:00:00Z")), true)),
                found);
        String query = hub.searchQueries.getFirst();
        for (String part : List.of("search=llama%203.2", "filter=gguf", "sort=downloads", "direction=-1", "limit=20")) {
            assertTrue(query.contains(part), query);
        }
    }

    @Test
    void aRepositoryListsItsGgufModelsWithSizesAndHashesSplitPartsGrouped() throws Exception {
        byte[] small = new byte[1000];
        hub.file(REPO, "Llama-3.2-1B-Instruct-Q4_K_M.gguf", small);
        hub.file(REPO, "Llama-3.2-1B-Instruct-IQ2_XXS.gguf", new byte[700]);
        hub.file(REPO, "big/Llama-3.2-1B-Instruct-Q8_0-00002-of-00002.gguf", new byte[300]);
        hub.file(REPO, "big/Llama-3.2-1B-Instruct-Q8_0-00001-of-00002.gguf", new byte[400]);
        hub.file(REPO, "mmproj-model-f16.gguf", new byte[200]);
        hub.file(REPO, "config.json", new byte[10]);
        hub.treePageSize = 3; // the listing comes in pages linked by Link: <...>; rel="next"

        List<RemoteFile> files = client.files(REPO);
        assertEquals(7, files.size(), "README.md, config.json and five GGUF files; no directory");
        RemoteFile q4 = files.stream().filter(f -> f.name().equals("Llama-3.2-1B-Instruct-Q4_K_M.gguf")).findFirst().orElseThrow();
        assertEquals(1000, q4.size());
        assertEquals(Optional.of(HubTestServer.sha256(small)), q4.sha256());
        assertEquals(hub.uri() + "/" + REPO + "/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf", q4.url().toString());
        assertEquals(Optional.empty(), files.stream().filter(f -> f.name().equals("README.md")).findFirst().orElseThrow().sha256(),
                "a small file's oid is a git hash, not a SHA-256");
        assertTrue(hub.requestsFor("/tree/main").size() >= 3, hub.requests.toString());

        List<RemoteModel> models = RemoteModel.group(files);
        assertEquals(List.of("Llama-3.2-1B-Instruct-IQ2_XXS.gguf", "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
                "big/Llama-3.2-1B-Instruct-Q8_0.gguf", "mmproj-model-f16.gguf"), models.stream().map(RemoteModel::name).toList());
        RemoteModel split = models.get(2);
        assertEquals(700, split.size());
        assertEquals(List.of("big/Llama-3.2-1B-Instruct-Q8_0-00001-of-00002.gguf", "big/Llama-3.2-1B-Instruct-Q8_0-00002-of-00002.gguf"),
                split.parts().stream().map(RemoteFile::name).toList());
        assertTrue(split.whyNotRunnable().orElseThrow().startsWith("split into 2 files"));
        assertEquals("Q4_K_M", models.get(1).quantization().orElseThrow().label());
        assertEquals(Optional.empty(), models.get(1).whyNotRunnable());
        assertEquals("IQ2_XXS is a tensor type Cairn has no kernels for yet", models.get(0).whyNotRunnable().orElseThrow());
        assertEquals("a vision projector (mmproj), not a language model", models.get(3).whyNotRunnable().orElseThrow());
    }

    @Test
    void aSourcePicksOneModelByFileOrQuantizationOrSaysWhichThereAre() throws Exception {
        hub.file(REPO, "Llama-3.2-1B-Instruct-Q4_K_M.gguf", new byte[10]);
        hub.file(REPO, "Llama-3.2-1B-Instruct-Q8_0.gguf", new byte[20]);
        assertEquals("Llama-3.2-1B-Instruct-Q8_0.gguf", client.resolve(Source.parse(REPO + ":q8_0")).name());
        assertEquals("Llama-3.2-1B-Instruct-Q4_K_M.gguf",
                client.resolve(Source.parse(REPO + ":Llama-3.2-1B-Instruct-Q4_K_M.gguf")).name());
        DownloadException ambiguous = assertThrows(DownloadException.class, () -> client.resolve(Source.parse(REPO)));
        assertEquals(DownloadException.Kind.REQUEST, ambiguous.kind());
        assertEquals(REPO + " has 2 GGUF models; choose one: " + REPO + ":Llama-3.2-1B-Instruct-Q4_K_M.gguf, " + REPO
                + ":Llama-3.2-1B-Instruct-Q8_0.gguf", ambiguous.getMessage());
        DownloadException missing = assertThrows(DownloadException.class, () -> client.resolve(Source.parse(REPO + ":Q2_K")));
        assertEquals(DownloadException.Kind.NOT_FOUND, missing.kind());
        DownloadException noRepo = assertThrows(DownloadException.class, () -> client.resolve(Source.parse("nobody/nothing")));
        assertEquals(DownloadException.Kind.NOT_FOUND, noRepo.kind());
        assertTrue(noRepo.getMessage().startsWith("nobody/nothing: no such repository (404"), noRepo.getMessage());
    }

    @Test
    void sourcesAreRepositoriesFilesQuantizationsOrUrls() {
        assertEquals(new Source.Repository("owner/name", Optional.empty()), Source.parse(" owner/name "));
        assertEquals(new Source.Repository("owner/name", Optional.of("Q4_K_M")), Source.parse("owner/name:Q4_K_M"));
        assertEquals(new Source.Url(URI.create("http://127.0.0.1:8080/m.gguf")), Source.parse("http://127.0.0.1:8080/m.gguf"));
        for (String bad : List.of("owner", "owner/", "a/b/c", "../x", "http://host/", "ftp://host/x.gguf")) {
            assertThrows(IllegalArgumentException.class, () -> Source.parse(bad), bad);
        }
    }

    @Test
    void quantizationComesFromTheFileNameAsPublishersWriteIt() {
        assertEquals("Q4_K_M", Quantization.fromFileName("llama-3.2-1b-instruct-q4_k_m.gguf").orElseThrow().label());
        assertEquals(4.5, Quantization.fromFileName("x.Q4_K_S.gguf").orElseThrow().bitsPerWeight());
        assertEquals(8.5, Quantization.fromFileName("x-Q8_0.gguf").orElseThrow().bitsPerWeight());
        assertEquals("BF16", Quantization.fromFileName("model-bf16.gguf").orElseThrow().label());
        assertEquals("IQ4_XS", Quantization.fromFileName("m-IQ4_XS.gguf").orElseThrow().label());
        assertTrue(Quantization.fromFileName("m-IQ4_XS.gguf").orElseThrow().supported());
        assertFalse(Quantization.fromFileName("m-IQ3_M.gguf").orElseThrow().supported());
        assertFalse(Quantization.fromFileName("m-MXFP4.gguf").orElseThrow().supported());
        assertEquals(Optional.empty(), Quantization.fromFileName("stories260K.gguf"));
    }

    @Test
    void theNextPageIsTheLinkMarkedNext() {
        assertEquals(URI.create("https://hf.co/api/models/a/b/tree/main?cursor=xyz"),
                HubClient.nextPage("<https://hf.co/api/models/a/b/tree/main?cursor=xyz>; rel=\"next\""));
        assertEquals(null, HubClient.nextPage("<https://hf.co/x>; rel=\"prev\""));
    }
}
