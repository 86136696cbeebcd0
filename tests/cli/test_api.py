"""The host API (mstreams_host.channel) used directly, against a real node."""
import mstreams
import pytest

from mstreams_host.channel import Author, ChannelError, Subscriber
from mstreams_host.transport import Client


@pytest.fixture
def client(node):
    with Client(node.url) as c:
        yield c


def test_author_and_subscriber(client):
    author = Author(mstreams.Author("api author", flags=mstreams.MULTI_BRANCH), client)
    announce = author.send_announce()
    assert announce.startswith(author.channel_address() + ":")
    assert author.announcement_link() == announce
    sub = Subscriber(mstreams.Subscriber("api subscriber"), client)
    assert sub.receive_announcement(announce).publisher == author.user.keys.pk
    subscribe = sub.send_subscribe(announce)
    assert sub.subscribe_link() == subscribe
    assert author.receive_msg(subscribe).kind == "subscribe"
    keyload, keyload_seq = author.send_keyload_for_everyone(announce)
    assert keyload_seq is not None  # multi-branch: announced by a sequence message
    assert author.latest_link() == keyload
    signed, _ = author.send_signed_packet(keyload, b"public", b"masked")
    got = sub.fetch_next_msgs()
    assert [(m.kind, m.link, m.masked) for m in got] == [("keyload", keyload, b""),
                                                         ("signed", signed, b"masked")]
    assert sub.latest_link() == keyload
    # The export is the protocol package's, in the official format.
    again = mstreams.Subscriber.import_state(sub.export("pw"), "pw")
    assert again.links == sub.user.links
    leave = sub.send_unsubscribe(subscribe)
    assert author.receive_msg(leave).kind == "unsubscribe"
    with pytest.raises(ChannelError, match="it is keyload, not subscribe or unsubscribe"):
        author.receive_msg(keyload)


def test_latest_link_in_a_single_branch_channel(client):
    author = Author(mstreams.Author("api single"), client)
    announce = author.send_announce()
    assert author.latest_link() == announce
    keyload, _ = author.send_keyload_for_everyone(announce)
    tagged, _ = author.send_tagged_packet(author.latest_link(), b"t", b"")
    assert author.latest_link() == tagged != keyload
    with pytest.raises(ChannelError, match="no channel yet"):
        Subscriber(mstreams.Subscriber("nobody"), client).latest_link()
