// imcontact-receiver: see cli.h and `imcontact-receiver --help`.
#include "cli.h"

#include <iostream>

int main(int argc, char** argv)
{
    return ImContactReceiver::RunCli(argc, argv, std::cout, std::cerr);
}
