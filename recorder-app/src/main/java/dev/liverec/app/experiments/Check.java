package dev.liverec.app.experiments;

/**
 * One pass/fail line of a test: what the guide expects and what was measured.
 *
 * @param name what is checked, e.g. "memory"
 * @param expected the expectation in words, e.g. "< 500 MB"
 * @param measured the measured figure in words
 * @param passed whether the measurement meets the expectation
 */
record Check(String name, String expected, String measured, boolean passed) {}
