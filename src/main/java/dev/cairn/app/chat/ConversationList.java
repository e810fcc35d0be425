package dev.cairn.app.chat;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The saved conversations, the selected one, and the search over them. Every change is saved through
 * the {@link ConversationStore} and replaces the conversation in the list (conversations are immutable).
 */
public final class ConversationList {

    static final String NEW_CHAT_TITLE = "New chat";

    private final ConversationStore store;
    private final ObservableList<Conversation> all = FXCollections.observableArrayList();
    private final FilteredList<Conversation> shown = new FilteredList<>(all);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<Conversation> selected = new SimpleObjectProperty<>(this, "selected");

    ConversationList(ConversationStore store) {
        this.store = store;
        all.setAll(store.list());
        search.addListener((obs, old, now) -> shown.setPredicate(matching(now)));
        selected.set(all.isEmpty() ? null : all.getFirst());
    }

    /** Conversations whose title or messages contain {@code query}, ignoring case (all, for a blank query). */
    static Predicate<Conversation> matching(String query) {
        if (query == null || query.isBlank()) {
            return conversation -> true;
        }
        String wanted = query.strip().toLowerCase(Locale.ROOT);
        return conversation -> conversation.title().toLowerCase(Locale.ROOT).contains(wanted)
                || conversation.messages().stream().anyMatch(m -> m.content() != null
                        && m.content().toLowerCase(Locale.ROOT).contains(wanted));
    }

    /** Every conversation, most recently created first. */
    public ObservableList<Conversation> all() {
        return all;
    }

    /** The conversations the search matches: what the list shows. */
    public ObservableList<Conversation> shown() {
        return shown;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<Conversation> selectedProperty() {
        return selected;
    }

    /** Starts a new, empty conversation with {@code options} and selects it. */
    public void create(ChatOptions options) {
        Conversation conversation = Conversation.create(NEW_CHAT_TITLE, options);
        store.save(conversation);
        all.addFirst(conversation);
        search.set("");
        selected.set(conversation);
    }

    public void rename(Conversation conversation, String title) {
        if (title != null && !title.isBlank()) {
            replace(conversation.withTitle(title.strip()));
        }
    }

    public void delete(Conversation conversation) {
        store.delete(conversation.id());
        int index = all.indexOf(conversation);
        all.remove(conversation);
        if (selected.get() != null && selected.get().id().equals(conversation.id())) {
            selected.set(all.isEmpty() ? null : all.get(Math.min(index, all.size() - 1)));
        }
    }

    /** Saves the selected conversation as {@code change} makes it, if that changes it. */
    void updateSelected(UnaryOperator<Conversation> change) {
        Conversation current = selected.get();
        if (current == null) {
            return;
        }
        Conversation changed = change.apply(current);
        if (changed != current) {
            replace(changed);
        }
    }

    /** Saves {@code changed} and puts it in place of the conversation with its id (reselecting it if selected). */
    private void replace(Conversation changed) {
        store.save(changed);
        boolean isSelected = selected.get() != null && selected.get().id().equals(changed.id());
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(changed.id())) {
                all.set(i, changed);
                break;
            }
        }
        if (isSelected) {
            selected.set(changed);
        }
    }
}
