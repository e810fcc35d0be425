package dev.cairn.download;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy settings of the system: {@code https_proxy} / {@code http_proxy} and {@code no_proxy} from the
 * environment (either case), as curl and Hugging Face's tools read them; without them, Java's own
 * ({@code -Dhttps.proxyHost=...}, or {@code -Djava.net.useSystemProxies=true} for the desktop's settings).
 */
final class EnvironmentProxy extends ProxySelector {

    private final Optional<URI> http;
    private final Optional<URI> https;
    private final List<String> noProxy;

    private EnvironmentProxy(Optional<URI> http, Optional<URI> https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = noProxy;
    }

    static ProxySelector of(Map<String, String> environment) {
        Optional<URI> http = proxy(environment, "http_proxy");
        Optional<URI> https = proxy(environment, "https_proxy").or(() -> http);
        if (http.isEmpty() && https.isEmpty()) {
            return ProxySelector.getDefault();
        }
        List<String> noProxy = Arrays.stream(variable(environment, "no_proxy").orElse("").split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        return new EnvironmentProxy(http, https, noProxy);
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).or(() -> Optional.ofNullable(environment.get(name.toUpperCase(Locale.ROOT))))
                .filter(v -> !v.isBlank());
    }

    private static Optional<URI> proxy(Map<String, String> environment, String name) {
        return variable(environment, name).map(v -> URI.create(v.contains("://") ? v.strip() : "http://" + v.strip()));
    }

    @Override
    public List<Proxy> select(URI uri) {
        Optional<URI> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (proxy.isEmpty() || bypasses(uri.getHost())) {
            return List.of(Proxy.NO_PROXY);
        }
        URI p = proxy.get();
        int port = p.getPort() > 0 ? p.getPort() : "https".equalsIgnoreCase(p.getScheme()) ? 443 : 80;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port)));
    }

    /** {@code no_proxy} entries: {@code *}, a host, or a domain suffix ({@code .example.org} or {@code example.org}). */
    private boolean bypasses(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (entry.equals("*") || h.equals(domain) || h.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress proxy, IOException failure) {
        // Nothing to learn from it: the download reports the failure and retries.
    }
}
