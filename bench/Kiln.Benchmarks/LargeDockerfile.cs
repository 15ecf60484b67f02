using System.Globalization;
using System.Text;

namespace Kiln.Benchmarks;

/// <summary>
/// Generates a deterministic multi-stage Dockerfile of a given number of lines that exercises the
/// whole frontend: directives, ARGs, continuations, comments, heredocs, JSON and shell forms, flags.
/// </summary>
internal static class LargeDockerfile
{
    public static string Generate(int lines)
    {
        var sb = new StringBuilder();
        var count = 0;
        void Line(string text)
        {
            sb.Append(text).Append('\n');
            count++;
        }

        Line("# syntax=docker/dockerfile:1");
        Line("# check=skip=JSONArgsRecommended");
        Line("ARG BASE=localhost:5000/kiln/busybox:1.36");
        Line("ARG VERSION=1.0");
        var stage = 0;
        while (count < lines)
        {
            var name = "stage" + stage.ToString(CultureInfo.InvariantCulture);
            Line(string.Empty);
            Line($"# {name} builds part {stage}");
            Line(stage == 0 ? $"FROM ${{BASE}} AS {name}" : $"FROM stage{stage - 1} AS {name}");
            Line("ARG VERSION");
            Line($"ENV APP_HOME=/opt/{name} PATH=/opt/{name}/bin:$PATH");
            Line("WORKDIR $APP_HOME");
            Line($"LABEL org.example.part=\"{stage}\" org.example.version=\"${{VERSION}}\"");
            Line("COPY --chown=1000:1000 --chmod=0644 src/ ./src/");
            Line("RUN --mount=type=cache,target=/var/cache/apk \\");
            Line("    set -eux; \\");
            Line("    # a comment inside a continuation");
            Line("    echo building $VERSION && \\");
            Line("    mkdir -p out && cp -r src out/");
            Line("COPY <<EOF /etc/motd");
            Line($"welcome to {name} ${{VERSION}}");
            Line("EOF");
            Line("RUN [\"/bin/sh\", \"-c\", \"echo exec form\"]");
            Line("EXPOSE 8080/tcp 9090");
            Line("HEALTHCHECK --interval=30s --timeout=3s CMD [\"true\"]");
            Line("USER 1000:1000");
            stage++;
        }

        Line("CMD [\"/bin/sh\"]");
        return sb.ToString();
    }
}
