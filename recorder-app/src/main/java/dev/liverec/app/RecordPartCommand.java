package dev.liverec.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liverec.RecordingResult;
import dev.liverec.cluster.PartLauncher;
import dev.liverec.cluster.PartRecorder;
import dev.liverec.cluster.RecordingSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liverec record-part} (hidden): one part of a worker's recording, in a process of its own
 * that {@code worker --isolation process} starts ({@link ChildPartLauncher}). It records with the
 * worker's source options into the given fragmented MP4 file, which the worker streams to the
 * store. Its protocol, one JSON object a line:
 *
 * <ul>
 *   <li>stdout: {@code {"status": ...}} when recording starts and every second (the shape of
 *       {@link Json#status}), then one {@code {"result": ...}} ({@link Json#result}) as it ends;
 *       nothing else goes to stdout (logs go to stderr);
 *   <li>stdin: a {@code stop} line, or its end (the worker went away), stops the recording
 *       cleanly; so does SIGTERM.
 * </ul>
 */
@Command(name = RecordPartCommand.NAME, hidden = true,
    description = "One part of a worker's recording, in its own process (started by `worker`).")
final class RecordPartCommand implements Callable<Integer> {
  static final String NAME = "record-part";
  static final String STOP = "stop";
  private static final long STATUS_EVERY_MS = 1000;

  @Spec CommandSpec spec;

  @Option(names = "--mint-id", required = true) String mintId;

  @Option(names = "--size", required = true) Size size;

  @Option(names = "--fps", required = true) int fps;

  @Option(names = "--part", required = true) int part;

  @Option(names = "--output", required = true) Path output;

  @Mixin SourceOptions sources;

  @Override
  public Integer call() throws Exception {
    PrintStream protocol = System.out;
    System.setOut(System.err); // stdout carries the protocol only
    RecordingSpec recording = new RecordingSpec(mintId, size.width(), size.height(), fps);
    CountDownLatch stopAsked = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    watchStdin(stopAsked);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopAsked.countDown(); // SIGTERM: stop cleanly, within a bound
      await(ended, 20);
    }, "liverec-part-stop"));
    try (PartRecorder recorder = PartLauncher.inProcess(sources.partFactory(spec))
        .launch(recording, part, output)) {
      do {
        print(protocol, "status", Json.status(recorder.status(), recorder.status().stats().bytesWritten()));
      } while (!recorder.status().state().isFinal()
          && !stopAsked.await(STATUS_EVERY_MS, TimeUnit.MILLISECONDS));
      RecordingResult result = recorder.stop();
      print(protocol, "result", Json.result(result));
      return result.succeeded() ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      ended.countDown();
    }
  }

  private static void print(PrintStream out, String kind, ObjectNode body) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.set(kind, body);
    out.println(line);
    out.flush();
  }

  private static void watchStdin(CountDownLatch stopAsked) {
    Thread watcher = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals(STOP)) {
          // anything else is ignored
        }
      } catch (IOException e) {
        // the worker's end of the pipe is gone: stop as for its end
      }
      stopAsked.countDown();
    }, "liverec-part-stdin");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void await(CountDownLatch latch, int seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
