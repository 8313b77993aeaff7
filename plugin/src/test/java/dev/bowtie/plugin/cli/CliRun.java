package dev.bowtie.plugin.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code bowtie} command, with what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    CommandLine cl = BowtieCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Lines written to standard error. */
  String[] errLines() {
    return err.isEmpty() ? new String[0] : err.strip().split("\n");
  }
}
