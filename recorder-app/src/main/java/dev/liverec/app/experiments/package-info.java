/**
 * The experiment guide's six tests, run against synthetic scenarios through the public API and
 * written up as {@code EXPERIMENT_RESULTS.md}, {@code metrics.csv} and PNG charts
 * ({@code liverec experiments}).
 */
@NullMarked
package dev.liverec.app.experiments;

import org.jspecify.annotations.NullMarked;
