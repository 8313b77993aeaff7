package dev.bowtie.plugin.report;

import java.time.Instant;
import java.util.Map;

/**
 * The parts every report page shares: the document head and style, the paragraph that says which
 * command ran where and when, the plots, and HTML escaping. Stateless; any thread.
 */
final class ReportHtml {
  private ReportHtml() {}

  /** The page up to and including its {@code h1}. */
  static String head(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
        + esc(title)
        + "</title>\n<style>"
        + "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}"
        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        + "td:first-child,th:first-child{text-align:left}"
        + "img{max-width:100%;border:1px solid #eee;margin:.5em 0}"
        + "</style></head><body>\n<h1>"
        + esc(title)
        + "</h1>\n";
  }

  /** A paragraph with the command, the date, Bowtie's version, the machine and the JVM. */
  static String environment(String command, Instant date, RunEnvironment env) {
    return "<p>"
        + esc(command)
        + "<br>"
        + esc(date.toString())
        + " &middot; Bowtie "
        + esc(env.bowtieVersion())
        + (env.bowtieCommit() == null ? "" : " (" + esc(env.bowtieCommit()) + ")")
        + "<br>"
        + esc(env.cpu())
        + ", "
        + env.cores()
        + " cores &middot; "
        + esc(env.os())
        + "<br>"
        + esc(env.jvm())
        + " &middot; "
        + esc(String.join(", ", env.collectors()))
        + "</p>\n";
  }

  /**
   * One section per plot.
   *
   * @param charts title to PNG file name, in the order to show them
   */
  static String charts(Map<String, String> charts) {
    StringBuilder h = new StringBuilder();
    for (Map.Entry<String, String> c : charts.entrySet()) {
      h.append("<h2>")
          .append(esc(c.getKey()))
          .append("</h2>\n<img src=\"")
          .append(esc(c.getValue()))
          .append("\" alt=\"")
          .append(esc(c.getKey()))
          .append("\">\n");
    }
    return h.toString();
  }

  /** A table cell holding {@code text}. */
  static String cell(String text) {
    return "<td>" + esc(text) + "</td>";
  }

  /** {@code s} safe inside HTML text and attribute values. */
  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
