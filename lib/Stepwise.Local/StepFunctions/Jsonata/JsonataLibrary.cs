using System.Reflection;
using Acornima.Ast;
using Jint;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>The JavaScript that every <see cref="JsonataEngine"/> runs: the vendored reference JSONata
/// and Stepwise's prelude (AWS's added functions). Both are parsed once per process and shared by all engines.</summary>
/// <remarks>Why the reference implementation inside Jint: no .NET JSONata package is on our registry, and a port
/// would drift from the semantics AWS runs (AWS's JSONata is the JavaScript one). Jint executes it unmodified;
/// parsing once with <see cref="Engine.PrepareScript"/> makes each further engine cheap to start.</remarks>
internal static class JsonataLibrary
{
    internal const string ResourceName = "Stepwise.Local.StepFunctions.Jsonata.jsonata.js";

    static readonly Lazy<Prepared<Script>> s_jsonata = new(() => Engine.PrepareScript(ReadSource(), "jsonata.js"));
    static readonly Lazy<Prepared<Script>> s_prelude = new(() => Engine.PrepareScript(Prelude, "stepwise-prelude.js"));

    /// <summary>The parsed jsonata.js; executing it defines the global <c>jsonata</c>.</summary>
    internal static Prepared<Script> Jsonata => s_jsonata.Value;

    /// <summary>The parsed prelude; executing it (after jsonata.js) defines the global <c>__stepwise</c>.</summary>
    internal static Prepared<Script> PreludeScript => s_prelude.Value;

    /// <summary>The vendored jsonata.js, as embedded in this assembly.</summary>
    internal static string ReadSource()
    {
        using var stream = typeof(JsonataLibrary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from {typeof(JsonataLibrary).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Compiles expressions with AWS's functions registered, and drives evaluate().
    /// C# supplies what JavaScript in Jint cannot do well or deterministically: hashing, UUIDs, seeded random
    /// (<c>__stepwiseHost</c>, see <see cref="JsonataHostFunctions"/>).</summary>
    const string Prelude = """
        var __stepwise = (function () {
            'use strict';
            var host = __stepwiseHost;
            function fail(message) { throw { message: message }; }
            function isInteger(n) { return typeof n === 'number' && isFinite(n) && Math.floor(n) === n; }

            // $partition(array, size): chunks of `size`, the last one shorter (as States.ArrayPartition).
            function partition(array, size) {
                if (typeof array === 'undefined') return undefined;
                if (!isInteger(size) || size <= 0) fail('The $partition function requires a positive integer size, got ' + JSON.stringify(size) + '.');
                var out = [];
                for (var i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
                return out;
            }

            // $range(start, end, step): start..end inclusive by step (as States.ArrayRange, at most 1000 items).
            function range(start, end, step) {
                if (typeof step === 'undefined') step = 1;
                if (!isInteger(start) || !isInteger(end) || !isInteger(step)) fail('The $range function requires integer arguments.');
                if (step === 0) fail('The $range function requires a non-zero step.');
                var out = [];
                for (var n = start; step > 0 ? n <= end : n >= end; n += step) {
                    if (out.length === 1000) fail('The $range function can produce at most 1000 items.');
                    out.push(n);
                }
                // AWS returns a JSONata sequence: a single item is that item ($range(1,9,9) is 1), none stays [].
                if (out.length === 1) out.sequence = true;
                return out;
            }

            function hash(data, algorithm) {
                if (typeof data === 'undefined') return undefined;
                var r = host.Hash(data, algorithm);
                if (r === null) fail("The $hash function does not support the algorithm '" + algorithm + "'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512.");
                return r;
            }

            function random(seed) {
                if (typeof seed === 'undefined') return host.Random();
                if (!isInteger(seed)) fail('The $random function requires an integer seed.');
                return host.SeededRandom(seed);
            }

            function uuid() { return host.Uuid(); }

            function parse(text) {
                if (typeof text === 'undefined') return undefined;
                try { return JSON.parse(text); }
                catch (e) { fail('The $parse function could not parse ' + JSON.stringify(text) + ' as JSON: ' + e.message); }
            }

            function noEval() { fail('The $eval function is not supported in Step Functions.'); }

            function compile(expression, options) {
                var e = jsonata(expression, options);
                e.registerFunction('partition', partition, '<an:a>');
                e.registerFunction('range', range, '<nnn?:a<n>>');
                e.registerFunction('hash', hash, '<s-s:s>');
                e.registerFunction('random', random, '<n?:n>');
                e.registerFunction('uuid', uuid, '<:s>');
                e.registerFunction('parse', parse, '<s-:j>');
                e.registerFunction('eval', noEval, '<x*:x>');
                return e;
            }

            function evaluate(compiled, input, bindings) { return compiled.evaluate(input, bindings); }

            return { compile: compile, evaluate: evaluate };
        })();
        """;
}
