package dev.cairn.chat;

import java.util.AbstractList;
import java.util.List;

/**
 * A Python tuple: a list everywhere, except that it prints with parentheses and never equals a list, as
 * {@code (1, 2)} literals and {@code dict.items()} pairs do in Jinja.
 */
final class Tuple extends AbstractList<Object> {

    private final List<Object> items;

    Tuple(List<Object> items) {
        this.items = items;
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
