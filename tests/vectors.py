"""Known-answer vectors, as hex strings, from the standards and the wire notes.

Plain data in the subset of Python that MicroPython and CPython share, so the
same file feeds the tests of every backend on both runtimes.
"""

# FIPS 202 Keccak-f[1600] of the all-zero state (wire notes A.1).
KECCAKF_ZERO_HEAD = "e7dde140798f25f18a47c033f9ccd584"  # bytes 0..16
KECCAKF_ZERO_INNER = "e409c5a224f94118c26504e72635f5163ba1307fe944f67549a2ec5c7bfff1ea"  # 168..200

# FIPS 180-4 examples (message as text, digest).
SHA512 = [
    ("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
         "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
    ("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
     "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
     "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
]

# RFC 8032 section 7.1 (secret, public, message, signature).
ED25519 = [
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
     "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
     "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
     "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    # TEST SHA(abc): the message is SHA-512("abc").
    ("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
]

# RFC 8032 section 7.3, Ed25519ph: message "abc", prehash SHA-512("abc"),
# empty context (secret, public, prehash, context, signature).
ED25519PH = [
    ("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "",
     "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
     "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406"),
]

# RFC 7748 section 5.2 (scalar, u, output).
X25519 = [
    ("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
     "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
     "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
    ("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
     "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
     "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
]
# RFC 7748 section 5.2, iterated: k = u = 9, then k, u = X25519(k, u), k.
X25519_ITERATED_1 = "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"
X25519_ITERATED_1000 = "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"

# RFC 7748 section 6.1.
ALICE_SK = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
ALICE_PK = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
BOB_SK = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
BOB_PK = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"

# Wire notes Appendix A (spongos), verified there against the reference.
SPONGOS_A3 = "d54b0514420fb62fb172f8206fe0257a84804f9ea3165b731848ad341d2ad3fc"
SPONGOS_A4 = "5ab5e217289c923258e1e85141656223"
SPONGOS_A5_CIPHER = "774104b05d23218ca18d40"
SPONGOS_A5_TAG = "e2c65a0a7c82c4c5c3467066e39ba810"
PSK_SEED = "A pre shared key"
PSK_A6 = "e906b55828e3d22103b140bf9eb26c8ef8c33edfb1252e94a2b592381aa696f0"
PSKID_A6 = "baff0f43011d14f11e86a96348e4570c"
ANNOUNCE_STATE_A8 = "eded570bfda3124a691a6c01eae5fa654f7eea00655a67bc932d8d940f9bd6b7"
JOIN_T_A8 = "9752328fc32ffcb484ed232441790b03da4cdfae92fb8559b02c18fb90f3a488"

# FIPS 202 example: SHA3-256("abc"), a sponge over keccakf (rate 136).
SHA3_256_ABC = "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"

# Encodings for RFC 8032 decoding checks.
L_LE = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"  # group order
IDENTITY = "01" + "00" * 31                                         # the point (0, 1)
IDENTITY_NONCANONICAL = "ee" + "ff" * 30 + "7f"                     # y = p + 1
IDENTITY_NEGATIVE_ZERO = "01" + "00" * 30 + "80"                    # x = 0 with sign bit 1
NOT_ON_CURVE = "02" + "00" * 31                                     # y = 2: x^2 has no root
BASE_POINT = "58" + "66" * 31                                       # encoding of B
