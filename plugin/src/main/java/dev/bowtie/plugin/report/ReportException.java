package dev.bowtie.plugin.report;

/** A report folder that cannot be written: the message is one line naming it and what to do. */
public final class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
