package dev.liverec.app.experiments;

import java.io.IOException;

/** One of the guide's tests. */
interface Experiment {
  /** The guide's test number, 1..6. */
  int number();

  /** The guide's heading, e.g. "Basic Functionality (30 seconds)". */
  String title();

  /** Runs the test; recordings go under {@link ExperimentSettings#recordings()}. */
  ExperimentOutcome run(ExperimentSettings settings, ProgressBar progress) throws IOException;
}
