package dev.cairn.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.HubTestServer;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The system's proxy settings as the environment gives them. */
class EnvironmentProxyTest {

    @Test
    void httpsProxyIsUsedExceptForNoProxyHosts() {
        ProxySelector selector = EnvironmentProxy.of(Map.of("HTTPS_PROXY", "http://proxy.local:3128",
                "no_proxy", "localhost,.internal.example, mirror.example.org"));
        Proxy proxy = selector.select(URI.create("https://huggingface.co/api/models")).getFirst();
        assertEquals(Proxy.Type.HTTP, proxy.type());
        assertEquals("proxy.local", ((InetSocketAddress) proxy.address()).getHostString());
        assertEquals(3128, ((InetSocketAddress) proxy.address()).getPort());
        for (String direct : List.of("https://localhost/x", "https://a.internal.example/x", "https://mirror.example.org/x",
                "https://cdn.mirror.example.org/x")) {
            assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create(direct)), direct);
        }
        assertEquals(ProxySelector.getDefault(), EnvironmentProxy.of(Map.of()), "without variables: Java's own settings");
    }

    @Test
    void requestsGoThroughTheProxy() throws Exception {
        try (HubTestServer proxy = HubTestServer.start();
                HubClient client = HubClient.open(URI.create("http://hub.invalid"), Optional.empty(),
                        Map.of("http_proxy", proxy.uri().toString()))) {
            proxy.searchResult("owner/model-GGUF", 1, 2, "2025-01-01T00:00:00.000Z", false);
            assertEquals("owner/model-GGUF", client.search("model", 5).getFirst().id());
            assertTrue(proxy.requests.getFirst().startsWith("GET /api/models"), proxy.requests.toString());
        }
    }
}
