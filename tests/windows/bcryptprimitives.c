/* A stand-in for Windows' bcryptprimitives.dll, for the Wine test only.
 *
 * Rust's standard library (1.78 on) draws its random seeds from
 * ProcessPrng in bcryptprimitives.dll, which every Windows 10 and 11 has
 * but Wine gained only in 8.13; Debian 12 ships Wine 8.0. tests/windows.rs
 * builds this shim with mingw and puts it beside plancheck.exe in a
 * temporary directory. It is never shipped: the release zip holds the
 * executable alone. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    return RtlGenRandom(data, (ULONG)length);
}
