package dev.cairn.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code namespace(...)} makes: the one mutable object, so that a template can carry values out of a loop. */
final class Namespace {

    final Map<Object, Object> attributes = new LinkedHashMap<>();
}
