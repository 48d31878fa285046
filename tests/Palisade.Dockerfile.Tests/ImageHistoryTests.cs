using Palisade.Dockerfile.Parsing;

namespace Palisade.Dockerfile.Tests;

/// <summary>An image's build history (config history[].created_by) read back as Dockerfile instructions.</summary>
public sealed class ImageHistoryTests
{
    [Theory]
    [InlineData("/bin/sh -c #(nop)  CMD [\"bash\"]", "CMD [\"bash\"]")]
    [InlineData("/bin/sh -c #(nop)  USER app", "USER app")]
    [InlineData("/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ", "COPY file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 /")]
    [InlineData("/bin/sh -c #(nop) COPY dir:0f6a7cdb in /app ", "COPY dir:0f6a7cdb /app")]
    [InlineData("/bin/sh -c apt-get update && apt-get install -y curl", "RUN apt-get update && apt-get install -y curl")]
    [InlineData("|2 VERSION=1.2 TARGETARCH=amd64 /bin/sh -c make install", "RUN make install")]
    [InlineData("RUN /bin/sh -c pip install flask # buildkit", "RUN pip install flask")]
    [InlineData("ENV PATH=/usr/local/bin:/usr/bin", "ENV PATH=/usr/local/bin:/usr/bin")]
    [InlineData("ADD https://example.com/a.tgz /opt/ # buildkit", "ADD https://example.com/a.tgz /opt/")]
    [InlineData("COPY --from=build /out /app # buildkit", "COPY --from=build /out /app")]
    [InlineData("/bin/sh -c apt-get install -y \\\n    curl", "RUN apt-get install -y      curl")]
    public void History_entries_become_instructions(string createdBy, string expected) =>
        Assert.Equal(expected, ImageHistoryDockerfile.Instruction(createdBy));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("created by a tool")]
    [InlineData("bazel build //:image")]
    public void Other_entries_are_left_out(string createdBy) => Assert.Null(ImageHistoryDockerfile.Instruction(createdBy));

    [Fact]
    public void The_config_user_and_healthcheck_are_added_when_the_history_lacks_them()
    {
        var text = ImageHistoryDockerfile.Build(["/bin/sh -c #(nop)  USER root", "/bin/sh -c #(nop)  CMD [\"app\"]"], "10001", configHasHealthcheck: true);
        Assert.Equal("FROM scratch\nUSER root\nCMD [\"app\"]\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n", text);
        Assert.Equal("FROM scratch\nUSER app\n", ImageHistoryDockerfile.Build(["USER app"], "app", configHasHealthcheck: false));
    }

    [Fact]
    public void A_long_hostile_entry_is_read_in_linear_time()
    {
        var hostile = "|1 " + string.Concat(Enumerable.Repeat("A=1 ", 50_000)) + "x";
        Assert.Null(ImageHistoryDockerfile.Instruction(hostile));
    }
}
