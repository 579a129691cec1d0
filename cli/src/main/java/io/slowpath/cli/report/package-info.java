/**
 * The comparison report: a model of N variant runs of one workload ({@link io.slowpath.cli.report.ReportData}) and
 * its renderings: the side-by-side table for the terminal, {@code compare.csv}, {@code compare.json}, the charts over
 * simulated time (PNG) and the self-contained {@code report.html}.
 */
package io.slowpath.cli.report;
