package io.slowpath.bench;

import io.slowpath.api.mm.TaskView;
import io.slowpath.api.oom.OomReport;
import io.slowpath.policy.oom.report.OomReplay;
import io.slowpath.policy.oom.report.OomReportParser;
import io.slowpath.policy.oom.report.ParsedReport;
import io.slowpath.policy.oom.report.ReplayResult;
import io.slowpath.policy.oom.report.ReportTask;
import io.slowpath.policy.oom.stock310.RootBonus;
import io.slowpath.policy.oom.stock310.Stock310OomPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The OOM killer's own cost: {@code select_bad_process} of the stock 3.10 policy over {@code tasks} processes (one
 * oom_badness each), and reading plus replaying a syslog-prefixed report with that many task rows ({@code
 * oom-replay}'s work per file, without the watermark arithmetic).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OomBenchmark {
    @Param({"100", "10000"})
    int tasks;

    private List<TaskView> taskList;
    private String report;
    private long totalpages;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        taskList = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            long rss = rnd.nextLong(1, 200_000);
            int pid = 100 + i;
            int uid = rnd.nextInt(3) == 0 ? 0 : 1000;
            int adj = rnd.nextInt(5) == 0 ? -500 : 0;
            // One process as a report's task row: no flags, all of its rss anon.
            taskList.add(new ReportTask(pid, uid, pid, rss * 2, rss, rss / 500 + 1, rnd.nextLong(0, 1000), adj,
                "proc" + pid, 0));
        }
        totalpages = 4_194_304;
        Stock310OomPolicy.Selection s = Stock310OomPolicy.selectBadProcess(taskList, totalpages, false,
            RootBonus.STABLE);
        String prefix = "Jun  4 17:19:10 host kernel: [ 1234.567890] ";
        StringBuilder sb = new StringBuilder();
        sb.append(prefix).append("bench invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0\n");
        sb.append(prefix).append("Mem-Info:\n");
        sb.append(prefix).append("4194304 pages RAM\n").append(prefix).append("0 pages reserved\n");
        sb.append(prefix).append("Total swap = 0kB\n");
        for (String line : OomReport.dumpTasks(taskList)) {
            sb.append(prefix).append(line).append('\n');
        }
        TaskView v = s.task();
        sb.append(prefix).append(OomReport.killLine("Out of memory", v, s.points() * 1000 / totalpages)).append('\n');
        sb.append(prefix).append(OomReport.killedLine(v, "3.10.108")).append('\n');
        report = sb.toString();
    }

    @Benchmark
    public Stock310OomPolicy.Selection selectBadProcess() {
        return Stock310OomPolicy.selectBadProcess(taskList, totalpages, false, RootBonus.STABLE);
    }

    @Benchmark
    public ReplayResult parseAndReplay() {
        ParsedReport r = OomReportParser.parse(report, "bench");
        return OomReplay.replay(r, Stock310OomPolicy.defaults(), "stock-3.10", RootBonus.STABLE);
    }
}
