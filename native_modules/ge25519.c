/* ge25519.c - edwards25519 group operations and scalar multiplication.
 *
 * Additions and doublings use the complete formulas of Hisil, Wong, Carter
 * and Dawson (2008) for a = -1, through the "completed" form of ref10.
 * Fixed-base multiplication is a comb over signed radix-16 digits with 4
 * teeth: 60 doublings, 64 additions from a 3 KB table of 32 points, each
 * read by a constant-time scan.
 */
#include "ge25519.h"

#include "util.h"

/* Curve constants as 8 little-endian 32-bit words (see fe_fromwords). */
static const uint32_t D[8] = {
    0x135978a3, 0x75eb4dca, 0x4141d8ab, 0x00700a4d,
    0x7779e898, 0x8cc74079, 0x2b6ffe73, 0x52036cee,
};
static const uint32_t D2[8] = {
    0x26b2f159, 0xebd69b94, 0x8283b156, 0x00e0149a,
    0xeef3d130, 0x198e80f2, 0x56dffce7, 0x2406d9dc,
};
static const uint32_t SQRTM1[8] = {
    0x4a0ea0b0, 0xc4ee1b27, 0xad2fe478, 0x2f431806,
    0x3dfbd7a7, 0x2b4d0099, 0x4fc1df0b, 0x2b832480,
};

/* COMB[8 q + m - 1] = m 16^(16 q) B in affine "niels" form
 * (y + x, y - x, 2 d x y), each element as 8 little-endian 32-bit words. */
static const uint32_t COMB[32][24] = {
    /* multiples 1..8 of 16^0 B */
    {0xf58c3b85, 0x2fbc93c6, 0xfb8c0e19, 0xcf932dc6,
     0x643d42c2, 0x270b4898, 0x33d4ba65, 0x07cf9d3a,
     0xd740913e, 0x9d103905, 0xd140beb3, 0xfd399f05,
     0x688f8a09, 0xa5c18434, 0x98f81267, 0x44fd2f92,
     0x877aaa68, 0xabc91205, 0xccaac49e, 0x26d9e823,
     0xdd43598c, 0x5a1b7dcb, 0x9f0c65a8, 0x6f117b68},
    {0x933c71d7, 0x9224e7fc, 0x7a0ff5b5, 0x9f469d96,
     0xe1d60702, 0x5aa69a65, 0xa87d2e2e, 0x590c063f,
     0x42b4d5a8, 0x8a99a560, 0x4e60acf6, 0x8f2b810c,
     0xb16e37aa, 0xe09e236b, 0x69c92555, 0x6bb595a6,
     0xa59b7a5f, 0x43faa8b3, 0x5d9acf78, 0x36c16bdd,
     0x0b3d6a31, 0x500fa084, 0x3ea50b73, 0x701af5b1},
    {0x4cee9730, 0xaf25b0a8, 0xe8864b8a, 0x025a8430,
     0x9f016732, 0xc11b5002, 0x9a80f8f4, 0x7a164e1b,
     0xa4fcd265, 0x56611fe8, 0xe5c1ba7d, 0x3bd353fd,
     0x214bd6bd, 0x8131f31a, 0x555bda62, 0x2ab91587,
     0x0dd0d889, 0x14ae933f, 0x1c35da62, 0x58942322,
     0x8cf2db4c, 0xd170e545, 0x12b9b4c6, 0x5a2826af},
    {0x8efc099f, 0x287351b9, 0x7dfd2538, 0x6765c6f4,
     0xfb0a9265, 0xca348d3d, 0x21e58727, 0x680e9103,
     0x056818bf, 0x95fe050a, 0x5660faa9, 0x327e8971,
     0x06a05073, 0xc3e8e3cd, 0x7445a49a, 0x27933f4c,
     0xc476ff09, 0x5a13fbe9, 0x7b5cc172, 0x6e9e3945,
     0x102b4494, 0x5ddbdcf9, 0x63553e2b, 0x7f9d0cbf},
    {0x08a5bb33, 0xa212bc44, 0xc75eed02, 0x8d5048c3,
     0x5abfec44, 0xdd1beb0c, 0x46e206eb, 0x2945ccf1,
     0xa447d6ba, 0x7f9182c3, 0x4b2729b7, 0xd50014d1,
     0xb864a087, 0xe33cf11c, 0xeb1b55f3, 0x154a7e73,
     0x812a8285, 0xbcbbdbf1, 0xd0bdd1fc, 0x270e0807,
     0x1bbda72d, 0xb41b670b, 0x6b3bb69a, 0x43aabe69},
    {0x77157131, 0x3a0ceeeb, 0x00c8af88, 0x9b271589,
     0xda59a736, 0x8065b668, 0xa2cc38bd, 0x51e57bb6,
     0x7b7d8ca4, 0x499806b6, 0x27d22739, 0x575be284,
     0x204553b9, 0xbb085ce7, 0xae417884, 0x38b64c41,
     0x02ea4b71, 0x85ac3267, 0x41a1bb01, 0xbe70e003,
     0x083bc144, 0x53e4a24b, 0x9f0d61e3, 0x10b8e91a},
    {0x944ea3bf, 0x6b1a5cd0, 0xb39dc0d2, 0x7470353a,
     0x28542e49, 0x71b25282, 0x283c927e, 0x461bea69,
     0xaa3221b1, 0xba6f2c9a, 0x3bba23a7, 0x6ca02153,
     0x92192c3a, 0x9dea764f, 0x2e5317e0, 0x1d6edd5d,
     0x01b8b3a2, 0xf1836dc8, 0x053ea49a, 0xb3035f47,
     0x5877adf3, 0x529c41ba, 0x6a0f90a7, 0x7a9fbb1c},
    {0x04dd3e8f, 0x59b75966, 0xe288702c, 0x6cb30377,
     0x5ed9c323, 0xb1339c66, 0x61bce52f, 0x0915e760,
     0xf39234d9, 0xe2a75ded, 0xe1b558f9, 0x963d7680,
     0x6e3c23fb, 0x2c2741ac, 0x320e01c3, 0x3a9024a1,
     0xc9a2911a, 0xe7c1f5d9, 0x8bcca7d7, 0xb8a37178,
     0x0eb62a32, 0x63641219, 0x2ecc4e95, 0x26907c5c},
    /* multiples 1..8 of 16^16 B */
    {0x77d1f515, 0xcd2a65e7, 0x8faa60f1, 0x54899187,
     0xdabc06e5, 0xb1b73bbc, 0xa97cc9fb, 0x654878cb,
     0x8df6b0fe, 0x51138ec7, 0xe575f51b, 0x5397da89,
     0x717af1b9, 0x09207a1d, 0x2b20d650, 0x2102fdba,
     0x055ce6a1, 0x969ee405, 0x1251ad29, 0x36bca768,
     0xaa7da415, 0x3a1af517, 0x29ecb2ba, 0x0ad725db},
    {0x9b056f85, 0xfec7bc0c, 0xe7f5ffd7, 0x537d5268,
     0x4312aefa, 0x77afc662, 0x02399fd9, 0x4f675f53,
     0x834e2457, 0xdc4267b1, 0x70ce1bc5, 0xb67544b5,
     0xf7d15ed7, 0x1af07a0b, 0x71a03650, 0x4aefcffb,
     0x0415171e, 0xc32d3636, 0x8998483b, 0xcd2bef11,
     0xd0945110, 0x870a6ead, 0xa2a86561, 0x0bccbb72},
    {0x50fe1296, 0x186d5e4c, 0xfee89f7e, 0xe0397b82,
     0x507031b0, 0x3bc7f6c5, 0x108f37c2, 0x6678fd69,
     0xeab1a9c8, 0x185e962f, 0x65147dcd, 0x86e7e635,
     0xbb5b6df2, 0xb092e031, 0x59d6b73e, 0x4024f0ab,
     0x636863c2, 0x1586fa31, 0x572d33f2, 0x07f68c48,
     0x789eaefc, 0x4f73cc9f, 0x8ead4701, 0x2d42e210},
    {0x0f537593, 0x21717b0d, 0x131e064c, 0x914e690b,
     0x752ae09f, 0x1bb687ae, 0x9b423c6e, 0x420bf3a7,
     0x94dfd29b, 0x97f51315, 0x313f4c6a, 0x6155985d,
     0x08455010, 0xeba13f07, 0xb8d2d322, 0x676b2608,
     0x1c5b2b47, 0x8138ba65, 0x311b1b80, 0x8671b6ec,
     0xbc3135b0, 0x7bff0cb1, 0x9c0cf1e0, 0x745d2ffa},
    {0x21d34e6a, 0x6036df57, 0x997bb3d0, 0xb1db8827,
     0xc8756afa, 0xd3c209c3, 0x4c1dc839, 0x06e15be5,
     0x2bc9c8bd, 0xbf525a1e, 0x26479d81, 0xea5b2608,
     0xdf0155db, 0xd511c70e, 0x960cf5d0, 0x1ae23ceb,
     0x1932994a, 0x5b725d87, 0xceb1dab0, 0x32351cb5,
     0xdab7ca05, 0x7dc41549, 0x278ec1f7, 0x58ded861},
    {0xb6c2c9a8, 0x2dfb5ba8, 0xf52c598c, 0x48eeef8e,
     0xf12d1573, 0x33809107, 0x531d5bd8, 0x08ba696b,
     0xf266c55c, 0xd8173793, 0xcc454e49, 0xc8c976c5,
     0xbc26c3a8, 0x5ce382f8, 0x5485f6f9, 0x2ff39de8,
     0xc3efc57a, 0x77ed3eee, 0xd4ff4811, 0x04e05517,
     0xf1a671cb, 0xea3d7a3f, 0x947cfe54, 0x120633b4},
    {0x4912100a, 0x82bd3147, 0x7e6fbe06, 0xde237b6d,
     0x11ea79c6, 0xe11e7619, 0xcb393bde, 0x07433be3,
     0x91610042, 0x0b949878, 0xecebfae8, 0x4ee7b13c,
     0x94f0a4c0, 0x70be7395, 0xb4d59185, 0x35d30a99,
     0x5ce997f4, 0xff7944c0, 0xb05c51a3, 0x575d3de4,
     0x5a76847c, 0x583381fd, 0x7af6da9f, 0x2d873ede},
    {0x4e5df981, 0xaa6202e1, 0x5015e1f5, 0xa20d5917,
     0xbae21d6c, 0x18a275d3, 0x01600253, 0x0543618a,
     0x43373409, 0x157a3164, 0xf4aa81d9, 0xfab8b7ee,
     0xf5a64806, 0xb093fee6, 0x707fa7b6, 0x2e773654,
     0x974c23c1, 0x0deabdf4, 0x9dce4693, 0xaa6f0a25,
     0xa29aba2c, 0x04202cb8, 0x2d07960d, 0x4b144336},
    /* multiples 1..8 of 16^32 B */
    {0xacad8ea2, 0x583b04bf, 0x148be884, 0x29b743e8,
     0x0810c5db, 0x2b1e583b, 0x8eb3bbaa, 0x2b5449e5,
     0xeb3dbe47, 0x5f3a7562, 0x8ebda0b8, 0xf7ea3854,
     0x45747299, 0x00c3e531, 0x1627d551, 0x1304e9e7,
     0x6adc9cfe, 0x789814d2, 0x8b48dd0b, 0x3c1bab3f,
     0xf979c60a, 0xda0fe1ff, 0x7c2dd693, 0x4468de2d},
    {0xf86307ce, 0x4b9ad8c6, 0x435d0c28, 0x21113531,
     0x657a772c, 0xd4a866c5, 0x63247352, 0x5da6427e,
     0x9419469e, 0x51bb355e, 0x23ddc754, 0x33e6dc4c,
     0x447f9962, 0x93a5b6d6, 0xfb44bd63, 0x6cce7c6f,
     0xdeac22ca, 0x1a94c688, 0xbbae1ff8, 0xb9066ef7,
     0x8d59580f, 0x88ad8c38, 0xe79f2ca8, 0x58f29abf},
    {0x710ecdf6, 0x4b5a64bf, 0x462c293c, 0xb14ce538,
     0xd50b3ab9, 0x3643d056, 0x185b4870, 0x6af93724,
     0x8de73e68, 0xe90ecfab, 0x377e76a5, 0x54036f9f,
     0xbe015982, 0xf0495b0b, 0xa7f41e36, 0x577629c4,
     0x09c6a888, 0x32200245, 0x4b558973, 0xd2e03613,
     0x3c33289f, 0x83e23623, 0x0caec18f, 0x701f25bb},
    {0x7cbec113, 0x9d18f6d9, 0x74bfdbe4, 0x844a06e6,
     0xac4e60d6, 0x20f5b522, 0x50955e51, 0x720a5bc0,
     0xe4616ced, 0xc3a8b0f8, 0x9e25a87d, 0xf700660e,
     0xf4bca59c, 0x61e3061f, 0xbdc40be9, 0x2e0c92bf,
     0x9b805a35, 0x0c3f0943, 0x6242abfc, 0xe84e8b37,
     0x5c229346, 0x691417f3, 0x144ef0ec, 0x0e9b9cbb},
    {0x5db1beee, 0x8dee9bd5, 0x0a723fb9, 0xc9c3ab37,
     0x1c68d791, 0x44a8f1bf, 0x1cfd3cde, 0x366d4419,
     0xfb5720ad, 0xfbbad48f, 0xdbf90d0e, 0xee81916b,
     0x635543bf, 0xd4813152, 0x3f337bd8, 0x221104eb,
     0xf2bc8c14, 0x9e3c1743, 0xb5856c3b, 0x2eda26fc,
     0x68a7fb97, 0xccb82f0e, 0xbc593244, 0x4167a4e6},
    {0xf8ce8fee, 0xc2be2665, 0xe880d62c, 0xe967ff14,
     0x2f364eee, 0xf12e6e7e, 0xcb7ed2f6, 0x34b33370,
     0x76f62700, 0x643b9d28, 0x0e7668eb, 0x5d1d9d40,
     0x21fc0684, 0x1b4b4303, 0x2255246a, 0x7938bb7e,
     0x8681d6cc, 0xcdc591ee, 0xed85a753, 0xce02109c,
     0x58808883, 0xed7485c1, 0x2dfe65e4, 0x1176fc6e},
    {0x49770eb8, 0xdb90e289, 0xacf440a3, 0x98fbcc2a,
     0xded7879b, 0x21354ffe, 0xf26906b6, 0x1f6a3e54,
     0x5b9c619b, 0xb4af6cd0, 0xb2a58480, 0x2ddfc9f4,
     0xebe94dc4, 0x3d4fa502, 0x677d5f34, 0x08fc3a4c,
     0xd30734ea, 0x60a4c199, 0x31165cd6, 0x40c085b6,
     0xf7598295, 0xe2333e23, 0x16b900d1, 0x4f2fad01},
    {0xb73bb638, 0x962cd91d, 0xfc129c08, 0xe60577aa,
     0xf3b61689, 0x6f619b39, 0x2944ee81, 0x3451995f,
     0x94ae4e54, 0x44beb241, 0x1857ef6c, 0x5f541c51,
     0x368d0498, 0xa61e6b2d, 0x972ef7ab, 0x445484a4,
     0x9fea7d7c, 0x9152fcd0, 0xb0935cf6, 0x4a816c94,
     0x47285c40, 0x258e9aaa, 0x042893b7, 0x10b89ca6},
    /* multiples 1..8 of 16^48 B */
    {0xc80c1ac0, 0xa66dcc9d, 0x1b38a436, 0x97a05cf4,
     0x95dbd7c6, 0xa7ebf3be, 0x8d7e7dab, 0x7da0b8f6,
     0x385675a6, 0xef782014, 0xaafda9e8, 0xa2649f30,
     0x5cdfa8cb, 0x4cd1eb50, 0x1d4dc0b3, 0x46115aba,
     0xc3b5da76, 0xd40f1953, 0x21119e9b, 0x1dac6f73,
     0xfeb25960, 0x03cc6021, 0x83674b4b, 0x5a5f887e},
    {0xa0a643b9, 0x9e9628d3, 0xe6c32064, 0xb5c3cb00,
     0x7c2dec32, 0x9b530289, 0xd5d1c70c, 0x43e37ae2,
     0x70a13d11, 0x8f6301cf, 0x350dd0c4, 0xcfceb815,
     0xa4bca47e, 0xf70297d4, 0xe44d1434, 0x3669b656,
     0xeda6e133, 0x387e3f06, 0x99a13ac0, 0x67301d51,
     0x36263811, 0xbd5ad8f8, 0x4fd5e9be, 0x6a21e6cd},
    {0x6699b2e3, 0xef412912, 0x708d1301, 0x71d30847,
     0x1182b0bd, 0x325432d0, 0x001e8b36, 0x45371b07,
     0x3046e65f, 0xf1c6170a, 0x00d23524, 0x58712a2a,
     0x8c82b755, 0x69dbbd3c, 0xa195ff57, 0x586bf9f1,
     0x5ef8790b, 0xa6db088d, 0x610937e5, 0x5278f0dc,
     0x61a16eb8, 0xac0349d2, 0x90e52179, 0x0eafb037},
    {0x0f75ae1d, 0x5140805e, 0x2662cc30, 0xec02fbe3,
     0xea92396d, 0x2cebdf1e, 0xc5435bb3, 0x44ae3344,
     0x3748042f, 0x960555c1, 0x820baa11, 0x219a41e6,
     0x73486d0c, 0x1c81f738, 0x5a02c661, 0x309acc67,
     0xbba543ee, 0x9cf289b9, 0x5ac97142, 0xf3760e9d,
     0x4f9360aa, 0x1d82e5c6, 0x7f94678f, 0x62d5221b},
    {0x3af77a3c, 0x7585d426, 0xfee9144d, 0xdfae7b11,
     0x59f7193d, 0xa5067080, 0x83922037, 0x14f29a53,
     0x18d0936d, 0x524c299c, 0x8a0c1a0c, 0xc86bb56c,
     0xdb4a8631, 0xa375052e, 0xbc754562, 0x5c0efde4,
     0x25b2d7f5, 0xdf717edc, 0x99b53040, 0x21f970db,
     0xc3ed4c62, 0xda9234b7, 0x7bee093e, 0x5e72365c},
    {0x2f08b33e, 0x7d933906, 0xdf9f32be, 0x5b9659e5,
     0x1f9ebdfd, 0xacff3dad, 0xcb7349b7, 0x70b20555,
     0x4571217f, 0x575bfc07, 0x0694d95b, 0x3779675d,
     0xf4191e33, 0x9a0a37bb, 0x47b4eabc, 0x77f1104c,
     0x55112c4c, 0xbe5113c5, 0x9a881fcd, 0x6688423a,
     0x5e503b47, 0x44667785, 0x4a06404a, 0x0e34398f},
    {0x3e4b1928, 0x18930b09, 0x73f3f640, 0x7de3e10e,
     0x73395d6f, 0xf43217da, 0xca379c3e, 0x6f8aded6,
     0x3ecebde8, 0xb67d22d9, 0x27822f07, 0x09b3e841,
     0xb05b6d8d, 0x743fa61f, 0x8a362372, 0x5e540536,
     0xfdb7b29a, 0xe340123d, 0xa21ab291, 0x487b97e1,
     0xfde6949e, 0xf9967d02, 0xc8d3de97, 0x780de72e},
    {0x00f42772, 0x671feaf3, 0x2a8c41aa, 0x8f72eb2a,
     0x97373292, 0x29a17fd7, 0x32b587a6, 0x1defc6ad,
     0x089ae7bc, 0x0ae28545, 0x1c7f4d06, 0x388ddecf,
     0x0a4811b8, 0x38ac1551, 0x71928ce4, 0x0eb28bf6,
     0xef5195a7, 0xaf5bbe1a, 0x917b15ed, 0x148c1277,
     0x7ae5da2e, 0x2991f7fb, 0xf8dd2867, 0x467d201b},
};

/* A point ready to be added: (Y + X, Y - X, 2 d T, Z). */
typedef struct {
    fe yplusx, yminusx, t2d, z;
} ge_cached;

static void ge_identity(ge *p)
{
    fe_0(p->X);
    fe_1(p->Y);
    fe_1(p->Z);
    fe_0(p->T);
}

/* Where a product replaces one of its factors, that factor goes second:
 * fe_mul(h, f, g) costs a copy on 32-bit targets when h is f, not when h
 * is g (likewise fe_sq(h, f) when h is f). */

/* p = the completed point ((e : f), (h : g)) in extended coordinates.
 * T costs one multiplication and only additions need it. */
static void ge_complete(ge *p, const fe e, const fe f, const fe g,
                        const fe h, int with_t)
{
    fe_mul(p->X, e, f);
    fe_mul(p->Y, g, h);
    fe_mul(p->Z, f, g);
    if (with_t) {
        fe_mul(p->T, e, h);
    }
}

/* r = 2p */
static void ge_dbl(ge *r, const ge *p, int with_t)
{
    fe xx, yy, zz2, s, e, f, g, h;
    fe_sq(xx, p->X);
    fe_sq(yy, p->Y);
    fe_sq(zz2, p->Z);
    fe_add(zz2, zz2, zz2);
    fe_add(s, p->X, p->Y);
    fe_sq(e, s);
    fe_add(h, yy, xx);
    fe_sub(g, yy, xx);
    fe_sub(e, e, h);
    fe_sub(f, zz2, g);
    ge_complete(r, e, f, g, h, with_t);
}

/* r = p + q. An affine q (a table point) has Z = 1, which saves a multiply. */
static void ge_add(ge *r, const ge *p, const ge_cached *q, int affine)
{
    fe a, b, c, d, e, f, g, h;
    fe_sub(a, p->Y, p->X);
    fe_mul(a, q->yminusx, a);
    fe_add(b, p->Y, p->X);
    fe_mul(b, q->yplusx, b);
    fe_mul(c, p->T, q->t2d);
    if (affine) {
        fe_copy(d, p->Z);
    } else {
        fe_mul(d, p->Z, q->z);
    }
    fe_add(d, d, d);
    fe_sub(e, b, a);
    fe_sub(f, d, c);
    fe_add(g, d, c);
    fe_add(h, b, a);
    ge_complete(r, e, f, g, h, 1);
}

static void ge_to_cached(ge_cached *c, const ge *p)
{
    fe_add(c->yplusx, p->Y, p->X);
    fe_sub(c->yminusx, p->Y, p->X);
    fe_fromwords(c->t2d, D2);
    fe_mul(c->t2d, p->T, c->t2d);
    fe_copy(c->z, p->Z);
}

/* c = -c when neg = 1 (swap Y + X and Y - X, negate 2 d T), in constant time. */
static void ge_cached_cneg(ge_cached *c, uint32_t neg)
{
    fe t;
    fe_cswap(c->yplusx, c->yminusx, neg);
    fe_neg(t, c->t2d);
    fe_cmov(c->t2d, t, neg);
}

/* Signed radix-16 digits: a = sum e[i] 16^i with -8 <= e[i] <= 8 (a < 2^255). */
static void ge_recode(int8_t e[64], const uint8_t a[32])
{
    for (int i = 0; i < 32; i++) {
        e[2 * i] = (int8_t)(a[i] & 15);
        e[2 * i + 1] = (int8_t)(a[i] >> 4);
    }
    for (int i = 0; i < 63; i++) {
        int8_t carry = (int8_t)((e[i] + 8) >> 4); /* e[i] + 8 >= 0 */
        e[i] = (int8_t)(e[i] - carry * 16);
        e[i + 1] = (int8_t)(e[i + 1] + carry);
    }
}

/* c = digit * 16^(16 q) B, scanning all 8 table entries (constant time). */
static void ge_select_base(ge_cached *c, int q, int8_t digit)
{
    uint32_t w[24];
    int32_t d = digit;
    uint32_t neg = (uint32_t)d >> 31;
    uint32_t babs = (uint32_t)((d ^ -(int32_t)neg) + (int32_t)neg);
    ms_wipe(w, sizeof(w));
    w[0] = 1; /* the identity: y + x = y - x = 1, 2 d x y = 0 */
    w[8] = 1;
    for (uint32_t m = 1; m <= 8; m++) {
        uint32_t mask = 0u - (((babs ^ m) - 1) >> 31); /* babs == m */
        const uint32_t *entry = COMB[8 * q + (int)m - 1];
        for (int k = 0; k < 24; k++) {
            w[k] ^= mask & (w[k] ^ entry[k]);
        }
    }
    fe_fromwords(c->yplusx, w);
    fe_fromwords(c->yminusx, w + 8);
    fe_fromwords(c->t2d, w + 16);
    ge_cached_cneg(c, neg);
    ms_wipe(w, sizeof(w));
}

void ge_scalarmult_base(ge *p, const uint8_t a[32])
{
    int8_t e[64];
    ge_cached c;
    ge_recode(e, a);
    ge_identity(p);
    /* a B = sum_j 16^j sum_q e[16 q + j] (16^(16 q) B): Horner over j */
    for (int j = 15; j >= 0; j--) {
        if (j != 15) {
            ge_dbl(p, p, 0);
            ge_dbl(p, p, 0);
            ge_dbl(p, p, 0);
            ge_dbl(p, p, 1);
        }
        for (int q = 0; q < 4; q++) {
            ge_select_base(&c, q, e[16 * q + j]);
            ge_add(p, p, &c, 1);
        }
    }
    ms_wipe(e, sizeof(e));
    ms_wipe(&c, sizeof(c));
}

void ge_double_scalarmult_vartime(ge *p, const uint8_t a[32], const ge *A,
                                  const uint8_t b[32])
{
    int8_t ea[64], eb[64];
    ge_cached table[8], c; /* table[m - 1] = m A */
    ge t;
    ge_to_cached(&table[0], A);
    ge_dbl(&t, A, 1);
    ge_to_cached(&table[1], &t);
    for (int m = 2; m < 8; m++) {
        ge_add(&t, &t, &table[0], 0);
        ge_to_cached(&table[m], &t);
    }
    ge_recode(ea, a);
    ge_recode(eb, b);
    ge_identity(p);
    for (int i = 63; i >= 0; i--) {
        if (i != 63) {
            ge_dbl(p, p, 0);
            ge_dbl(p, p, 0);
            ge_dbl(p, p, 0);
            ge_dbl(p, p, 1);
        }
        if (ea[i] != 0) {
            const ge_cached *src = &table[(ea[i] < 0 ? -ea[i] : ea[i]) - 1];
            fe_copy(c.yplusx, src->yplusx);
            fe_copy(c.yminusx, src->yminusx);
            fe_copy(c.t2d, src->t2d);
            fe_copy(c.z, src->z);
            ge_cached_cneg(&c, ea[i] < 0);
            ge_add(p, p, &c, 0);
        }
        if (eb[i] != 0) {
            ge_select_base(&c, 0, eb[i]);
            ge_add(p, p, &c, 1);
        }
    }
}

void ge_neg(ge *p)
{
    fe_neg(p->X, p->X);
    fe_neg(p->T, p->T);
}

int ge_frombytes(ge *p, const uint8_t s[32])
{
    uint8_t check[32];
    fe u, v, v3, x, vxx;
    uint32_t sign = s[31] >> 7;
    fe_frombytes(p->Y, s);
    fe_tobytes(check, p->Y); /* y must be canonical: re-encoding gives s */
    check[31] |= (uint8_t)(sign << 7);
    if (ms_verify(check, s, 32) != 0) {
        return -1;
    }
    /* x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; candidate root
     * x = u v^3 (u v^7)^((p-5)/8) (RFC 8032 section 5.1.3) */
    fe_1(p->Z);
    fe_sq(u, p->Y);
    fe_fromwords(v, D);
    fe_mul(v, u, v);
    fe_sub(u, u, p->Z);
    fe_add(v, v, p->Z);
    fe_sq(v3, v);
    fe_mul(v3, v, v3);
    fe_sq(x, v3);
    fe_mul(x, v, x);
    fe_mul(x, u, x);
    fe_pow22523(x, x);
    fe_mul(x, v3, x);
    fe_mul(x, u, x);
    fe_sq(vxx, x);
    fe_mul(vxx, v, vxx);
    fe_sub(v3, vxx, u);
    if (!fe_iszero(v3)) {
        fe_add(v3, vxx, u);
        if (!fe_iszero(v3)) {
            return -1; /* no square root */
        }
        fe_fromwords(vxx, SQRTM1);
        fe_mul(x, vxx, x);
    }
    if (fe_iszero(x) && sign) {
        return -1;
    }
    if (fe_isodd(x) != sign) {
        fe_neg(x, x);
    }
    fe_copy(p->X, x);
    fe_mul(p->T, p->X, p->Y);
    return 0;
}

/* s = the encoding of p, given zinv = 1/Z */
static void ge_encode(uint8_t s[32], const ge *p, const fe zinv)
{
    fe x, y;
    fe_mul(x, p->X, zinv);
    fe_mul(y, p->Y, zinv);
    fe_tobytes(s, y);
    s[31] |= (uint8_t)(fe_isodd(x) << 7);
}

void ge_tobytes(uint8_t s[32], const ge *p)
{
    fe zinv;
    fe_invert(zinv, p->Z);
    ge_encode(s, p, zinv);
}

void ge_tobytes2(uint8_t s[32], const ge *p, uint8_t t[32], const ge *q)
{
    /* 1/Zp = Zq / (Zp Zq) and 1/Zq = Zp / (Zp Zq) */
    fe inv, zinv;
    fe_mul(inv, p->Z, q->Z);
    fe_invert(inv, inv);
    fe_mul(zinv, inv, q->Z);
    ge_encode(s, p, zinv);
    fe_mul(zinv, inv, p->Z);
    ge_encode(t, q, zinv);
}

void ge_to_montgomery(uint8_t u[32], const ge *p)
{
    /* u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y); 1/0 = 0 gives 0 */
    fe n, d;
    fe_add(n, p->Z, p->Y);
    fe_sub(d, p->Z, p->Y);
    fe_invert(d, d);
    fe_mul(n, d, n);
    fe_tobytes(u, n);
}
