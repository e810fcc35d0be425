package dev.cairn.chat;

/** Anything a template can call: globals such as {@code range}, macros, and bound methods such as {@code s.strip}. */
@FunctionalInterface
interface JinjaFunction {

    Object call(Args args);
}
