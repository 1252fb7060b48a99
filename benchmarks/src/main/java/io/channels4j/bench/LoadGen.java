package io.channels4j.bench;

/**
 * The load generator: {@code java -jar benchmarks.jar SCENARIO --flag value ...}, where SCENARIO
 * is fanout, connect, pingpong or churn. Prints one line {@code RESULT {json}} on stdout;
 * progress and errors go to stderr. Every run is bounded by {@code --max-seconds}.
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: java -jar benchmarks.jar fanout|connect|pingpong|churn [--flag value ...]"
                    + " (see BENCHMARKS.md)");
            System.exit(2);
        }
        Options o = new Options(args, 1);
        String line;
        try {
            line = switch (args[0]) {
                case "fanout" -> Fanout.run(o);
                case "connect" -> Connect.run(o);
                case "pingpong" -> PingPong.run(o);
                case "churn" -> Churn.run(o);
                default -> throw new IllegalArgumentException("unknown scenario '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(line);
        System.exit(line.contains("\"error\":") ? 1 : 0);
    }
}
