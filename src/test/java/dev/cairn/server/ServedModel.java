package dev.cairn.server;

import dev.cairn.runtime.LoadOptions;
import dev.cairn.runtime.LoadedModel;
import dev.cairn.testing.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The model a server test class serves: stories260K with one compute thread (CI has two cores, and the client needs one). */
abstract class ServedModel {

    static LoadedModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.open(Fixtures.model("stories260K.gguf"), LoadOptions.resident(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }
}
