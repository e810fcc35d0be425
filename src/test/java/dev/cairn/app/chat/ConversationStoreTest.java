package dev.cairn.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.app.core.BackgroundWrites;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationStoreTest {

    @TempDir
    Path folder;

    @Test
    void savesListsNewestFirstAndDeletes() {
        BackgroundWrites writes = new BackgroundWrites();
        ConversationStore store = new ConversationStore(folder.resolve("conversations"), writes);
        AnswerStats stats = new AnswerStats(12, 35.5, 240.25, "max tokens", 40, 3, "stories260K.gguf");
        Conversation older = new Conversation("a-1", "Older", "Be brief.", ChatOptions.of(SamplingPreset.GREEDY, 7L, 64, PromptStyle.PLAIN_TEXT),
                List.of(new Conversation.StoredMessage("user", "Hi", null), new Conversation.StoredMessage("assistant", " there", stats)), 1000);
        Conversation newer = Conversation.create("Newer", ChatOptions.defaults());
        store.save(older);
        store.save(newer);
        writes.flush();

        ConversationStore reopened = new ConversationStore(folder.resolve("conversations"), writes);
        assertEquals(List.of(newer, older), reopened.list());
        reopened.delete(newer.id());
        writes.flush();
        assertEquals(List.of(older), reopened.list());
        writes.close();
    }

    @Test
    void refusesIdsThatAreNotIds() {
        ConversationStore store = new ConversationStore(folder, new BackgroundWrites());
        assertThrows(IllegalArgumentException.class, () -> store.delete("../settings"));
    }

    /** A chat saved before the seed and the prompt counts existed reads with a random seed and zero counts. */
    @Test
    void readsChatsSavedByEarlierVersions() throws java.io.IOException {
        java.nio.file.Path conversations = java.nio.file.Files.createDirectories(folder.resolve("conversations"));
        java.nio.file.Files.writeString(conversations.resolve("old-1.json"), """
                {"id":"old-1","title":"Old","systemPrompt":"","options":{"preset":"GREEDY","temperature":0.0,"topK":0,
                "topP":1.0,"minP":0.0,"repeatPenalty":1.0,"maxTokens":64,"promptStyle":"PLAIN_TEXT"},
                "messages":[{"role":"user","content":"Hi","stats":null},{"role":"assistant","content":" there",
                "stats":{"tokens":2,"timeToFirstTokenMillis":3.0,"tokensPerSecond":4.0,"stopReason":"max tokens"}}],
                "updatedMillis":5}""");
        Conversation old = new ConversationStore(conversations, new BackgroundWrites()).list().getFirst();
        assertEquals(null, old.options().seed());
        assertEquals(new AnswerStats(2, 3.0, 4.0, "max tokens", 0, 0, null), old.messages().get(1).stats());
    }
}
