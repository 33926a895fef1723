package io.escheduler.testing;

import java.util.List;

/**
 * Words that only a program's internals use, and that no error a service answers may contain: Java and Jackson names,
 * the parser's source locations ({@code [Source: REDACTED ...]}), its character codes and token names. An API says what
 * is wrong in its own words: the field, what it expects, what it got.
 */
public final class ErrorWords {

    public static final List<String> INTERNALS = List.of("io.escheduler", "java.", "javax.", "jakarta.", "com.fasterxml", "Source:",
            "REDACTED", "`", "JsonToken", "(class ", "(code ", "Cannot deserialize", "Cannot construct", "not marked as ignorable",
            "Exception");

    private ErrorWords() {
    }

    /** The internal words found in {@code text}: empty when it speaks the API's language. */
    public static List<String> internalsIn(String text) {
        return INTERNALS.stream().filter(text::contains).toList();
    }
}
