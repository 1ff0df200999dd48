using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stepwise.Local.Images;

namespace Stepwise.Local.CodeBuild;

/// <summary>A request of <c>stepwise-image push PROJECT TARGET</c>, made from inside a build.</summary>
internal sealed record ImagePush(string Project, string Target);

/// <summary>How a phase's commands ended: all succeeded, or the command that failed and its exit status.</summary>
internal sealed record PhaseResult(bool Succeeded, string? FailedCommand, int ExitCode);

/// <summary>
/// Runs a build's phases in bash as CodeBuild's 0.2 buildspecs run them: each phase's commands one after the other in
/// one shell, stopping at the first that fails, then its <c>finally</c> commands; the working directory and exported
/// variables carry over to the next phase (kept in a state file between phases). Each command is logged as CodeBuild
/// logs it (<c>Running command …</c>), and its output line by line. <c>stepwise-image</c> is on the PATH: it hands a
/// push request to the build (a file), waits for the answer and prints it.
/// </summary>
internal sealed class BuildShell
{
    private const char Marker = '\u001e';
    private readonly string _state;
    private readonly string _src;
    private readonly string _bin;
    private readonly string _pushes;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Action<string>? _log;
    private readonly TimeProvider _time;
    private int _phase;

    public BuildShell(string work, string src, IReadOnlyDictionary<string, string> environment, Action<string>? log, TimeProvider time)
    {
        _state = Path.Combine(work, "shell");
        _bin = Path.Combine(work, "bin");
        _pushes = Path.Combine(work, "pushes");
        _src = src;
        _environment = environment;
        _log = log;
        _time = time;
        Directory.CreateDirectory(_state);
        Directory.CreateDirectory(_bin);
        Directory.CreateDirectory(_pushes);
        File.WriteAllText(Path.Combine(_state, "cwd"), src);
        var script = Path.Combine(_bin, "stepwise-image");
        File.WriteAllText(script, PushScript);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public async Task<PhaseResult> RunAsync(BuildSpecPhase phase, bool buildSucceeding, Func<ImagePush, Task<(int ExitCode, string Message)>> push, CancellationToken ct)
    {
        var number = ++_phase;
        var folder = Path.Combine(_state, number.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var commands = phase.Commands.Select((c, i) => ($"c{i}", c)).Concat(phase.Finally.Select((c, i) => ($"f{i}", c))).ToArray();
        foreach (var (id, command) in commands)
            File.WriteAllText(Path.Combine(folder, id), command);
        var script = new StringBuilder();
        script.AppendLine("exec 2>&1");
        script.AppendLine($"__S='{_state}'; __P='{folder}'");
        script.AppendLine("cd \"$(cat \"$__S/cwd\")\" 2>/dev/null || cd \"$CODEBUILD_SRC_DIR\"");
        script.AppendLine("[ -f \"$__S/env.sh\" ] && . \"$__S/env.sh\"");
        script.AppendLine($"export CODEBUILD_BUILD_SUCCEEDING={(buildSucceeding ? 1 : 0)}");
        script.AppendLine("__status=0");
        foreach (var (id, _) in commands)
        {
            var isFinally = id[0] == 'f';
            script.AppendLine(isFinally ? "true; {" : "if [ $__status -eq 0 ]; then");
            script.AppendLine($"printf '\\036RUN {id}\\n'; eval \"$(cat \"$__P/{id}\")\"; __rc=$?");
            script.AppendLine($"if [ $__rc -ne 0 ] && [ $__status -eq 0 ]; then printf '\\036FAIL {id} %d\\n' $__rc; __status=$__rc; fi");
            script.AppendLine(isFinally ? "}" : "fi");
        }
        // Buildspec 0.2: every variable a command sets — exported or not — is there in the later commands and phases
        // (AWS's docker samples set REPOSITORY_URI in pre_build and use it in build). Bash's own and read-only ones stay.
        script.AppendLine("for __v in $(compgen -v); do case \"$__v\" in BASH*|EUID|PPID|SHELLOPTS|UID|FUNCNAME|GROUPS|DIRSTACK|PIPESTATUS|_|__*|RANDOM|SRANDOM|LINENO|SECONDS|HISTCMD|EPOCH*|OPTIND|OPTERR|OPTARG|SHLVL|PWD|OLDPWD|CODEBUILD_BUILD_SUCCEEDING|COMP_WORDBREAKS|IFS|PS4) continue;; esac; declare -p \"$__v\" 2>/dev/null; done | grep -v '^declare -[a-zA-Z]*r' > \"$__S/env.sh\"; pwd > \"$__S/cwd\"");
        script.AppendLine("exit $__status");
        var scriptPath = Path.Combine(folder, "phase.sh");
        await File.WriteAllTextAsync(scriptPath, script.ToString(), ct).ConfigureAwait(false);

        var info = new ProcessStartInfo("bash", [scriptPath])
        {
            WorkingDirectory = _src,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in _environment) info.Environment[name] = value;
        info.Environment["CODEBUILD_SRC_DIR"] = _src;
        info.Environment["STEPWISE_IMAGE_PUSHES"] = _pushes;
        info.Environment["PATH"] = $"{_bin}:{Path.GetDirectoryName(DotnetHost.Path)}:{(info.Environment.TryGetValue("PATH", out var path) && path is not null ? path : "/usr/bin:/bin")}";
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start bash for the build's commands.");
        process.StandardInput.Close();
        string? current = null, failed = null;
        var failedCode = 0;
        async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0 && line[0] == Marker)
                {
                    var parts = line[1..].Split(' ');
                    var command = commands.FirstOrDefault(c => c.Item1 == parts.ElementAtOrDefault(1)).Item2;
                    if (parts[0] == "RUN")
                    {
                        current = command;
                        _log?.Invoke($"[Container] {_time.GetUtcNow():yyyy/MM/dd HH:mm:ss.ffffff} Running command {command}");
                    }
                    else if (parts[0] == "FAIL" && failed is null)
                    {
                        failed = command;
                        failedCode = int.Parse(parts[2], CultureInfo.InvariantCulture);
                        _log?.Invoke($"[Container] {_time.GetUtcNow():yyyy/MM/dd HH:mm:ss.ffffff} Command did not exit successfully {command} exit status {failedCode}");
                    }
                    continue;
                }
                _log?.Invoke(line);
            }
        }
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
        try
        {
            var exited = process.WaitForExitAsync(ct);
            while (!exited.IsCompleted)
            {
                await ServePushesAsync(push, ct).ConfigureAwait(false);
                await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMilliseconds(200), _time, ct)).ConfigureAwait(false);
            }
            await exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            throw;
        }
        await pumps.ConfigureAwait(false);
        if (process.ExitCode == 0) return new PhaseResult(true, null, 0);
        // A command that ended the shell itself (exit, set -e) leaves no FAIL line: it is the one that was running.
        return new PhaseResult(false, failed ?? current ?? "(the phase's shell)", failed is null ? process.ExitCode : failedCode);
    }

    private async Task ServePushesAsync(Func<ImagePush, Task<(int ExitCode, string Message)>> push, CancellationToken ct)
    {
        foreach (var request in Directory.GetFiles(_pushes, "*.request"))
        {
            var lines = await File.ReadAllLinesAsync(request, ct).ConfigureAwait(false);
            var answerPath = Path.ChangeExtension(request, ".answer");
            (int ExitCode, string Message) answer = lines.Length >= 2
                ? await push(new ImagePush(lines[0], lines[1])).ConfigureAwait(false)
                : (2, "usage: stepwise-image push <dotnet-project> <repository:tag | image URI>");
            var temporary = answerPath + ".tmp";
            await File.WriteAllTextAsync(temporary, $"{answer.ExitCode}\n{answer.Message}\n", ct).ConfigureAwait(false);
            File.Move(temporary, answerPath, overwrite: true);
            File.Delete(request);
        }
    }

    /// <summary>The build's <c>stepwise-image</c>: the local stand-in for <c>docker build</c> + <c>docker push</c>.</summary>
    private const string PushScript = """
        #!/usr/bin/env bash
        # stepwise-image push <dotnet-project> <repository:tag | image URI>
        # Publishes a .NET container program into local ECR (the local CodeBuild's stand-in for docker build + docker push).
        set -u
        if [ "${1:-}" != "push" ] || [ $# -ne 3 ]; then
          echo "usage: stepwise-image push <dotnet-project> <repository:tag | image URI>" >&2
          exit 2
        fi
        project="$2"
        case "$project" in /*) ;; *) project="$(pwd)/$project" ;; esac
        id="$(date +%s%N)-$$"
        req="$STEPWISE_IMAGE_PUSHES/$id"
        printf '%s\n%s\n' "$project" "$3" > "$req.tmp" && mv "$req.tmp" "$req.request"
        echo "Publishing $2 as $3 ..."
        while [ ! -f "$req.answer" ]; do sleep 0.2; done
        status="$(head -n 1 "$req.answer")"
        tail -n +2 "$req.answer"
        exit "$status"
        """;
}
