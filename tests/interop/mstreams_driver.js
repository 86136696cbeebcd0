// The official @iota/streams@1.2.1 client on one side of a channel whose
// other side is mstreams (tests/protocol/test_interop.py). Each step is one
// call; a user's state passes between calls as its official export (hex).
//
//   node mstreams_driver.js URL author-announce SEED single|multi|depth
//       -> {announce, state}
//   node mstreams_driver.js URL author-publish STATE TYPE PSKSEED [SUBSCRIBE_LINK...]
//       accepts the subscribes (if given), stores the PSK, sends a keyload
//       for everyone, a signed and a tagged packet
//       -> {keyload, signed, tagged, pskid, pk, afterKeyload: state, state}
//   node mstreams_driver.js URL author-send STATE TYPE LINK_TO PUBLIC MASKED [PUBLIC MASKED...]
//       the Author of STATE sends a signed packet per payload pair (hex), the
//       first linked to LINK_TO, each next one to the packet before (single),
//       to its sequence message (multi) or to LINK_TO (depth) -> {signed: [links], state}
//   node mstreams_driver.js URL subscribe SEED ANNOUNCE_LINK
//       a Subscriber reads the announce and subscribes -> {subscribe, pk, state}
//   node mstreams_driver.js URL read STATE
//       the Subscriber of `subscribe` reads every message that follows -> {got}
//   node mstreams_driver.js URL psk-read SEED ANNOUNCE_LINK PSKSEED [LINK_TO]
//       a Subscriber holding a PSK reads the channel, then, given LINK_TO,
//       sends a tagged packet (under the PskId) -> {got, reply} (not through
//       `subscribe`: an imported state keeps the PskId but not the PSK, and
//       refuses to store it again)
//   node mstreams_driver.js URL reply STATE LINK_TO
//       as `read`, then sends a tagged packet linked to LINK_TO -> {got, reply}
//   node mstreams_driver.js URL author-read STATE
//       the Author of `author-publish` (its final state) reads what follows -> {got}
//   node mstreams_driver.js URL history SEED ANNOUNCE_LINK LINK [ANCHOR_LINK COUNT]
//       a Subscriber reads the announce and all that follows, then walks back
//       from LINK with fetch_prev_msg to the announce (not with fetch_prev_msgs:
//       its 1.2.1 binding keeps only sequence contents, so it returns []); given
//       ANCHOR_LINK, receives messages 0..COUNT-1 by sequence number
//       -> {prev: newest first, bySeq}
'use strict';
const streams = require('@iota/streams/node');

const [url, mode, ...args] = process.argv.slice(2);
const TYPES = { single: streams.ChannelType.SingleBranch,
                multi: streams.ChannelType.MultiBranch,
                depth: streams.ChannelType.SingleDepth };
const PASSWORD = 'interop';

const options = () => new streams.SendOptions(url, false);
const bytes = (text) => new Uint8Array(Buffer.from(text));
const hex = (array) => Buffer.from(array).toString('hex');
const addr = (link) => streams.Address.parse(link);
const client = async () => streams.StreamsClient.fromClient(
  await new streams.ClientBuilder().node(url).build());

// A UserResponse as {link, publisher, public, masked} (payloads in hex).
const content = (response) => ({ link: response.link.toString(),
                                 publisher: response.message.get_identifier(),
                                 public: hex(response.message.get_public_payload()),
                                 masked: hex(response.message.get_masked_payload()) });

async function readAll(user) {
  const got = [];
  for (;;) {
    const next = await user.clone().fetchNextMsg();
    if (next === undefined) return got;
    if (next.message) got.push(content(next));
  }
}

async function authorAnnounce(seed, type) {
  const author = new streams.Author(seed, options(), TYPES[type]);
  const announce = (await author.clone().send_announce()).link.toString();
  return { announce, state: hex(author.clone().export(PASSWORD)) };
}

async function authorPublish(state, type, pskSeed, ...subscribeLinks) {
  const author = streams.Author.import(await client(), Buffer.from(state, 'hex'), PASSWORD);
  for (const link of subscribeLinks) await author.clone().receive_subscribe(addr(link));
  const pskid = author.clone().store_psk(pskSeed);
  const announce = author.clone().announcementLink();
  const keyload = (await author.clone().send_keyload_for_everyone(addr(announce))).link.toString();
  const afterKeyload = hex(author.clone().export(PASSWORD));
  const signed = (await author.clone().send_signed_packet(
    addr(keyload), bytes('official signed'), bytes('official masked'))).link.toString();
  // Single-branch packets link to the last message; the others to the keyload.
  const tagged = (await author.clone().send_tagged_packet(
    addr(type === 'single' ? signed : keyload),
    bytes('official tagged'), bytes(''))).link.toString();
  return { keyload, signed, tagged, pskid, pk: author.clone().get_public_key(), afterKeyload,
           state: hex(author.clone().export(PASSWORD)) };
}

async function authorSend(state, type, linkTo, ...payloads) {
  const author = streams.Author.import(await client(), Buffer.from(state, 'hex'), PASSWORD);
  const signed = [];
  let link = linkTo;
  for (let i = 0; i < payloads.length; i += 2) {
    const sent = await author.clone().send_signed_packet(
      addr(link), Buffer.from(payloads[i], 'hex'), Buffer.from(payloads[i + 1], 'hex'));
    signed.push(sent.link.toString());
    if (type !== 'depth') link = (type === 'multi' ? sent.seqLink : sent.link).toString();
  }
  return { signed, state: hex(author.clone().export(PASSWORD)) };
}

async function subscribe(seed, announce) {
  const sub = new streams.Subscriber(seed, options());
  await sub.clone().receive_announcement(addr(announce));
  const link = (await sub.clone().send_subscribe(addr(announce))).link.toString();
  return { subscribe: link, pk: sub.clone().get_public_key(),
           state: hex(sub.clone().export(PASSWORD)) };
}

async function read(state) {
  const sub = streams.Subscriber.import(await client(), Buffer.from(state, 'hex'), PASSWORD);
  return { got: await readAll(sub) };
}

async function pskRead(seed, announce, pskSeed, linkTo) {
  const sub = new streams.Subscriber(seed, options());
  await sub.clone().receive_announcement(addr(announce));
  sub.clone().store_psk(pskSeed);
  const got = await readAll(sub);
  if (!linkTo) return { got };
  const sent = await sub.clone().send_tagged_packet(addr(linkTo), bytes('psk reply'),
                                                   bytes('psk reply masked'));
  return { got, reply: sent.link.toString() };
}

async function reply(state, linkTo) {
  const sub = streams.Subscriber.import(await client(), Buffer.from(state, 'hex'), PASSWORD);
  const got = await readAll(sub);
  const sent = await sub.clone().send_tagged_packet(addr(linkTo), bytes('official reply'),
                                                   bytes('official reply masked'));
  return { got, reply: sent.link.toString() };
}

async function authorRead(state) {
  const author = streams.Author.import(await client(), Buffer.from(state, 'hex'), PASSWORD);
  return { got: await readAll(author) };
}

async function history(seed, announce, link, anchor, count) {
  const sub = new streams.Subscriber(seed, options());
  await sub.clone().receive_announcement(addr(announce));
  await sub.clone().syncState();
  const prev = [];
  for (let at = link; ;) {
    let before;
    try {
      before = await sub.clone().fetch_prev_msg(addr(at));
    } catch (err) {  // reached the announce, which fetch_prev_msg does not read
      if (String(err).includes('Message type is not known (found: 0)')) break;
      throw err;
    }
    prev.push(content(before));
    at = before.link.toString();
  }
  const bySeq = [];
  for (let n = 0; n < Number(count || 0); n++) {
    bySeq.push(content(await sub.clone().receive_msg_by_sequence_number(addr(anchor), n)));
  }
  return { prev, bySeq };
}

const run = { 'author-announce': () => authorAnnounce(args[0], args[1]),
              'author-publish': () => authorPublish(...args),
              'author-send': () => authorSend(...args),
              subscribe: () => subscribe(args[0], args[1]),
              read: () => read(args[0]),
              'psk-read': () => pskRead(args[0], args[1], args[2], args[3]),
              reply: () => reply(args[0], args[1]),
              'author-read': () => authorRead(args[0]),
              history: () => history(...args) }[mode];
run().then((result) => console.log(JSON.stringify(result)),
           (err) => { console.error('driver failed:', err); process.exit(1); });
