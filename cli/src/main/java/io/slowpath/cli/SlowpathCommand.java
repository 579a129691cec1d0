package io.slowpath.cli;

import io.slowpath.core.config.SlowpathConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slowpath} command line: one subcommand per job. */
@Command(name = "slowpath", mixinStandardHelpOptions = true, version = "slowpath 0.1.0",
    description = "Simulates the Linux 3.10 page allocator (__alloc_pages_slowpath) under memory pressure.",
    subcommands = {InfoCommand.class, RunCommand.class, io.slowpath.cli.compare.CompareCommand.class,
        OomReplayCommand.class, CommandLine.HelpCommand.class})
public final class SlowpathCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns its exit code (2 for bad input). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new SlowpathCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof SlowpathConfigException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("slowpath: error: " + ex.getMessage());
                commandLine.getErr().flush();
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** Entry point. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
