using Newtonsoft.Json.Linq;
using Palisade.Policy.Mutation;

namespace Palisade.Policy.Tests.Mutation;

public sealed class MutationResultTests
{
    [Theory]
    [InlineData("{a: 1, b: [x, y]}", "{b: [x, y], a: 1.0}", true)]
    [InlineData("{a: 1}", "{a: '1'}", false)]
    [InlineData("{a: [x, y]}", "{a: [y, x]}", false)]
    [InlineData("{a: null}", "{a: ~}", true)]
    [InlineData("{a: {}}", "{a: []}", false)]
    [InlineData("{a: 1}", "{a: 1, b: 2}", false)]
    [InlineData("{a: 12345678901234567890}", "{a: 12345678901234567890}", true)]
    [InlineData("{a: true}", "{a: 'true'}", false)]
    public void Equality_is_structural_with_numbers_by_value(string a, string b, bool equal)
    {
        Assert.Equal(equal, JsonEquality.Equal(Yaml.Token(a), Yaml.Token(b)));
        Assert.Equal(!equal, MutationResult.HasChanges(Yaml.Token(a), Yaml.Token(b)));
    }

    [Fact]
    public void A_result_is_pass_when_changed_and_skip_with_a_reason_otherwise()
    {
        var before = Yaml.Obj("{kind: Pod, metadata: {name: p}}");
        var pass = MutationResult.Of(before, Yaml.Obj("{kind: Pod, metadata: {name: q}}"));
        Assert.Equal(("pass", true, (string?)null), (pass.Status, pass.Changed, pass.SkipReason));
        var skip = MutationResult.Of(before, (JObject)before.DeepClone());
        Assert.Equal(("skip", false, MutationResult.NoChange), (skip.Status, skip.Changed, skip.SkipReason));
        var notApplied = MutationResult.NotApplied(before, "why");
        Assert.Equal(("skip", "why"), (notApplied.Status, notApplied.SkipReason));
        Assert.NotSame(before, notApplied.Patched);
    }
}
