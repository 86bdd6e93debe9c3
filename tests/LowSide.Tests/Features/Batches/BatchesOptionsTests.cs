using TransferPipeline.LowSide.Features.Batches;

namespace TransferPipeline.LowSide.Tests.Features.Batches;

[TestFixture]
internal sealed class BatchesOptionsTests
{
    private static readonly BatchesOptions Options = new() { MediaDirectory = "/srv/transfer/out", MediaRoots = ["/media/", "/mnt/usb"] };

    [TestCase("/srv/transfer/out")]
    [TestCase("/srv/transfer/out/")]
    [TestCase("/media")]
    [TestCase("/media/disk1")]
    [TestCase("/mnt/usb/stick/batches")]
    public void AdmitsRequestedMedia_TheMediaDirectoryOrUnderARoot_Admitted(string media) =>
        Assert.That(Options.AdmitsRequestedMedia(media), Is.True);

    [TestCase("/srv/transfer/out/sub", TestName = "AdmitsRequestedMedia_UnderTheMediaDirectoryWhichIsNoRoot_Refused")]
    [TestCase("/srv/transfer/outside", TestName = "AdmitsRequestedMedia_SiblingSharingTheMediaDirectorysPrefix_Refused")]
    [TestCase("/media2/disk", TestName = "AdmitsRequestedMedia_SiblingSharingARootsPrefix_Refused")]
    [TestCase("/media/../var/lib/transferpipeline/lowside", TestName = "AdmitsRequestedMedia_PathClimbingOutOfARoot_Refused")]
    [TestCase("/mnt", TestName = "AdmitsRequestedMedia_ParentOfARoot_Refused")]
    public void AdmitsRequestedMedia_Elsewhere_Refused(string media) => Assert.That(Options.AdmitsRequestedMedia(media), Is.False);
}
