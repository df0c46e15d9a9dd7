package org.blnspark.jobs.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BadInputException;

/**
 * A results page (docs/results.md) whose tables are a study's, included whole: each sweep's {@link
 * SweepMarkdown#FILE} sits between a begin and an end marker naming the sweep, and is replaced there
 * when the sweep is reported again. The page's prose stays the author's; its numbers come only from
 * the cells, so a test can check every included block against its sweep's tables.
 */
public final class ResultsPage {
  /** A sweep's block: its begin marker, the included tables, its end marker, the sweep named in both. */
  private static final Pattern BLOCK = Pattern.compile(
      "(<!-- study:([\\w.-]+) begin[^\\n]*-->\\n)(.*?)(<!-- study:\\2 end -->)", Pattern.DOTALL);

  private ResultsPage() {}

  /** The begin marker an author writes (with the end marker) where a sweep's tables belong. */
  public static String beginMarker(String sweep) {
    return "<!-- study:" + sweep + " begin: the sweep's tables.md, included by bln sweep-report --page -->";
  }

  public static String endMarker(String sweep) {
    return "<!-- study:" + sweep + " end -->";
  }

  /** Every sweep's included tables, by sweep name, in the page's order. */
  public static Map<String, String> includedTables(String page) {
    Map<String, String> blocks = new LinkedHashMap<>();
    Matcher block = BLOCK.matcher(page);
    while (block.find()) {
      if (blocks.put(block.group(2), block.group(3)) != null) {
        throw twice(block.group(2));
      }
    }
    return blocks;
  }

  /**
   * The page with the block of {@code sweep} holding {@code tables}; the rest of the page unchanged.
   * A page with two blocks for the sweep is refused, as {@link #includedTables} refuses it, rather
   * than having only its first block replaced.
   */
  public static String including(String page, String sweep, String tables) {
    Matcher block = BLOCK.matcher(page);
    int start = -1;
    int end = -1;
    while (block.find()) {
      if (block.group(2).equals(sweep)) {
        if (start >= 0) {
          throw twice(sweep);
        }
        start = block.start(3);
        end = block.end(3);
      }
    }
    if (start < 0) {
      throw new BadInputException("the page has no place for the tables of sweep " + sweep + ": add the lines "
          + beginMarker(sweep) + " and " + endMarker(sweep) + " where they belong");
    }
    String included = tables.endsWith("\n") ? tables : tables + "\n";
    return page.substring(0, start) + included + page.substring(end);
  }

  private static BadInputException twice(String sweep) {
    return new BadInputException("the page includes the tables of sweep " + sweep + " twice");
  }

  /** Replaces, in the page file, the block of the sweep whose report is in {@code reportDirectory}. */
  public static void include(HadoopFiles files, String pagePath, String sweep, String reportDirectory) {
    String tables = files.readString(reportDirectory + "/" + SweepMarkdown.FILE);
    files.writeString(pagePath, including(files.readString(pagePath), sweep, tables));
  }
}
