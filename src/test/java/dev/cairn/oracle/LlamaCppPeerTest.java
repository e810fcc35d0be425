package dev.cairn.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.BenchPeer;
import dev.cairn.testing.Fixtures;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bench --peer llamacpp-jni} finds the llama.cpp peer on the benchmark class path and gets figures from it. */
@Timeout(120)
class LlamaCppPeerTest {

    @Test
    void thePeerIsFoundAndMeasures() {
        BenchPeer peer = ServiceLoader.load(BenchPeer.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("llamacpp-jni")).findFirst().orElseThrow();
        BenchPeer.Speed speed = peer.measure(Fixtures.model("stories260K.gguf"), 32, 16, 2);
        assertTrue(speed.promptTokensPerSecond() > 0 && Double.isFinite(speed.promptTokensPerSecond()), speed.toString());
        assertTrue(speed.decodeTokensPerSecond() > 0 && Double.isFinite(speed.decodeTokensPerSecond()), speed.toString());
    }
}
