package dev.cairn.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings editor: one options value, fields that follow it, and no change fired by showing a chat. */
class ChatSettingsEditorTest {

    private static Conversation chat(ChatOptions options) {
        return Conversation.create("A chat", options).withSystemPrompt("Be brief.");
    }

    @Test
    void showingAConversationSetsEveryFieldAndChangesNothingElse() {
        ChatSettingsEditor editor = new ChatSettingsEditor();
        ChatOptions options = ChatOptions.of(SamplingPreset.PRECISE, 9L, 77, PromptStyle.PLAIN_TEXT).withTemperature(0.45);
        List<ChatOptions> changes = new ArrayList<>();
        editor.optionsProperty().addListener((obs, old, now) -> changes.add(now));
        editor.show(chat(options));
        assertEquals(List.of(options), changes, "one change: the conversation's options, not one per field");
        assertEquals(0.45, editor.temperatureProperty().get());
        assertEquals(SamplingPreset.PRECISE, editor.presetProperty().get(), "the edited preset keeps its edited values");
        assertEquals(9L, editor.seedProperty().get());
        assertEquals(77, editor.maxTokensProperty().get());
        assertEquals("Be brief.", editor.systemPromptProperty().get());
        editor.show(chat(options));
        assertEquals(1, changes.size(), "showing the same options again changes nothing");
    }

    @Test
    void aFieldEditsTheOptionsAndAPresetReplacesTheSampling() {
        ChatSettingsEditor editor = new ChatSettingsEditor();
        editor.minPProperty().set(0.2);
        editor.seedProperty().set(5L);
        assertEquals(0.2, editor.optionsProperty().get().minP());
        assertEquals(5L, editor.optionsProperty().get().seed());
        editor.presetProperty().set(SamplingPreset.GREEDY);
        assertEquals(0.0, editor.optionsProperty().get().temperature());
        assertEquals(0.0, editor.minPProperty().get(), "the fields follow the preset");
        assertEquals(5L, editor.optionsProperty().get().seed(), "the seed is not part of a preset");
        editor.seedProperty().set(null);
        assertNull(editor.optionsProperty().get().seed());
    }
}
