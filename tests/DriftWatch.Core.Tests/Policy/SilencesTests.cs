using DriftWatch.Core.Policy;

namespace DriftWatch.Core.Tests.Policy;

public class SilencesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public class IsSilenced
    {
        [Fact]
        public void SilencesNothingBeforeASilenceIsSet()
        {
            var silences = new Silences();
            Assert.False(silences.IsSilenced("m", "1", s_now));
            Assert.Equal(0, silences.Count);
        }

        [Fact]
        public void SilencesEveryVersionOfTheModelForAModelWideSilence()
        {
            var silences = new Silences();
            silences.Set(new Silence("m", null, s_now.AddHours(1), "maintenance"));
            Assert.True(silences.IsSilenced("m", "1", s_now));
            Assert.True(silences.IsSilenced("m", "2.0.0", s_now));
            Assert.False(silences.IsSilenced("other", "1", s_now));
            Assert.False(silences.IsSilenced("M", "1", s_now)); // model names compare ordinally
        }

        [Fact]
        public void SilencesOnlyTheVersionNamed()
        {
            var silences = new Silences();
            silences.Set(new Silence("m", "1", s_now.AddHours(1), null));
            Assert.True(silences.IsSilenced("m", "1", s_now));
            Assert.False(silences.IsSilenced("m", "2", s_now));
            Assert.False(silences.IsSilenced("other", "1", s_now));
        }

        [Fact]
        public void EndsAtUntil()
        {
            var until = s_now.AddMinutes(30);
            var silences = new Silences();
            silences.Set(new Silence("m", "1", until, null));
            Assert.True(silences.IsSilenced("m", "1", until.AddTicks(-1)));
            Assert.False(silences.IsSilenced("m", "1", until));
            Assert.False(silences.IsSilenced("m", "1", until.AddDays(1)));
        }

        [Fact]
        public void EndsAModelWideSilenceAtItsUntil()
        {
            var until = s_now.AddMinutes(30);
            var silences = new Silences();
            silences.Set(new Silence("m", null, until, null));
            Assert.True(silences.IsSilenced("m", "1", until.AddTicks(-1)));
            Assert.False(silences.IsSilenced("m", "1", until));
        }

        [Fact]
        public void KeepsAVersionSilencedWhileEitherItsOwnOrTheModelWideSilenceLasts()
        {
            var silences = new Silences();
            silences.Set(new Silence("m", "1", s_now.AddHours(2), null));
            silences.Set(new Silence("m", null, s_now.AddHours(1), null));

            Assert.True(silences.IsSilenced("m", "1", s_now.AddMinutes(90)));  // its own silence
            Assert.False(silences.IsSilenced("m", "2", s_now.AddMinutes(90))); // the model-wide one has ended
            Assert.True(silences.IsSilenced("m", "2", s_now.AddMinutes(30)));
        }

        [Fact]
        public void LetsALaterSilenceForTheSameVersionReplaceTheEarlierOne()
        {
            var silences = new Silences();
            silences.Set(new Silence("m", "1", s_now.AddHours(1), null));
            silences.Set(new Silence("m", "1", s_now, "lifted")); // ends at once
            Assert.False(silences.IsSilenced("m", "1", s_now));

            silences.Set(new Silence("m", null, s_now.AddHours(1), null));
            silences.Set(new Silence("m", null, s_now.AddHours(3), null)); // extended
            Assert.True(silences.IsSilenced("m", "1", s_now.AddHours(2)));
        }
    }

    public class Active
    {
        [Fact]
        public void ListsTheSilencesThatHaveNotEnded()
        {
            var silences = new Silences();
            var ended = new Silence("m", "1", s_now, null);
            var lasting = new Silence("m", null, s_now.AddHours(1), null);
            var other = new Silence("other", "3", s_now.AddMinutes(1), "deploy");
            silences.Set(ended);
            silences.Set(lasting);
            silences.Set(other);

            Assert.Equal(2, silences.Count); // models
            Assert.Equal(new HashSet<Silence> { lasting, other }, silences.Active(s_now).ToHashSet());
            Assert.Empty(silences.Active(s_now.AddHours(1)));
        }
    }
}
